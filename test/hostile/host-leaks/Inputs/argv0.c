// Prints its arguments and the names of its preopened directories: the
// strings a host hands a guest.
#include <stdio.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++)
    printf("argv[%d] = '%s'\n", i, argv[i]);
  for (__wasi_fd_t fd = 3;; fd++) {
    __wasi_prestat_t st;
    if (__wasi_fd_prestat_get(fd, &st))
      break;
    char name[256] = "";
    if (st.u.dir.pr_name_len < sizeof name &&
        __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, st.u.dir.pr_name_len) ==
            0)
      printf("preopen %u = '%s'\n", fd, name);
  }
  return 0;
}
