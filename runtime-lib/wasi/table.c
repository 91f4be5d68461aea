/*===- wasi/table.c - Import resolver for wasi_snapshot_preview1 -----------===*
 *
 * The one list of the functions this runtime provides, with the Wasm
 * signature each must be imported with (abi.h's signature text: i = i32,
 * I = i64). An import of an unknown name, or with any other signature, is
 * refused, so a module can never call a host function with arguments it
 * was not written for.
 *===----------------------------------------------------------------------===*/
#include "wasi/wasi.h"

#include <string.h>

typedef struct wasi_import {
  const char *name;
  const char *sig;
  void *fn;
} wasi_import;

#define F(name, sig)                                                           \
  { #name, sig, (void *)w2n_wasi_##name }
static const wasi_import imports[] = {
    F(args_get, "ii:i"),
    F(args_sizes_get, "ii:i"),
    F(clock_res_get, "ii:i"),
    F(clock_time_get, "iIi:i"),
    F(environ_get, "ii:i"),
    F(environ_sizes_get, "ii:i"),
    F(fd_advise, "iIIi:i"),
    F(fd_allocate, "iII:i"),
    F(fd_close, "i:i"),
    F(fd_datasync, "i:i"),
    F(fd_fdstat_get, "ii:i"),
    F(fd_fdstat_set_flags, "ii:i"),
    F(fd_fdstat_set_rights, "iII:i"),
    F(fd_filestat_get, "ii:i"),
    F(fd_filestat_set_size, "iI:i"),
    F(fd_filestat_set_times, "iIIi:i"),
    F(fd_pread, "iiiIi:i"),
    F(fd_prestat_dir_name, "iii:i"),
    F(fd_prestat_get, "ii:i"),
    F(fd_pwrite, "iiiIi:i"),
    F(fd_read, "iiii:i"),
    F(fd_readdir, "iiiIi:i"),
    F(fd_renumber, "ii:i"),
    F(fd_seek, "iIii:i"),
    F(fd_sync, "i:i"),
    F(fd_tell, "ii:i"),
    F(fd_write, "iiii:i"),
    F(path_create_directory, "iii:i"),
    F(path_filestat_get, "iiiii:i"),
    F(path_filestat_set_times, "iiiiIIi:i"),
    F(path_link, "iiiiiii:i"),
    F(path_open, "iiiiiIIii:i"),
    F(path_readlink, "iiiiii:i"),
    F(path_remove_directory, "iii:i"),
    F(path_rename, "iiiiii:i"),
    F(path_symlink, "iiiii:i"),
    F(path_unlink_file, "iii:i"),
    F(poll_oneoff, "iiii:i"),
    F(proc_exit, "i:"),
    F(proc_raise, "i:i"),
    F(random_get, "ii:i"),
    F(sched_yield, ":i"),
    F(sock_accept, "iii:i"),
    F(sock_recv, "iiiiii:i"),
    F(sock_send, "iiiii:i"),
    F(sock_shutdown, "ii:i"),
};
#undef F

int w2n_wasi_resolve(void *user, w2n_instance *importer,
                     const w2n_import_desc *imp, w2n_extern *out) {
  if (!imp->module || strcmp(imp->module, "wasi_snapshot_preview1") != 0 ||
      imp->kind != W2N_EXTERN_FUNC || !imp->name)
    return 1;
  const w2n_module *m = importer ? importer->module : NULL;
  if (!m || imp->index >= m->num_types || !m->types[imp->index].sig)
    return 1;
  for (size_t i = 0; i < sizeof imports / sizeof imports[0]; ++i) {
    const wasi_import *f = &imports[i];
    if (strcmp(f->name, imp->name) != 0)
      continue;
    if (strcmp(f->sig, m->types[imp->index].sig) != 0)
      return 1;
    w2n_func *fn = w2n_host_func(f->fn, f->sig, importer);
    if (!fn)
      return 1;
    out->kind = W2N_EXTERN_FUNC;
    out->u.func = fn;
    return 0;
  }
  return 1;
}
