// Proves the descriptor and path operations inside a grant: stdio only when
// granted, EBADF for descriptors never granted, EFAULT (with no side
// effect) for any pointer or length reaching outside linear memory,
// read/write/seek/tell/pread/pwrite, append mode, fdstat and filestat,
// set_size and set_times, renumber and close, prestat, the readdir cookie
// protocol with truncated entries, path operations and their errno values,
// and that two instances have separate descriptor tables.
// RUN: rm -rf %t.dir && mkdir -p %t.dir/sandbox %t.dir/other
// RUN: sh %S/Inputs/build.sh %clang %t %s
// RUN: %t %t.dir | FileCheck %s
// CHECK: hello from fd_write
// CHECK: ok test_stdio
// CHECK: ok test_never_granted
// CHECK: ok test_read_write_seek
// CHECK: ok test_append
// CHECK: ok test_fdstat_filestat
// CHECK: ok test_renumber_close
// CHECK: ok test_out_of_bounds
// CHECK: ok test_prestat
// CHECK: ok test_readdir
// CHECK: ok test_path_ops
// CHECK: ok test_instances_isolated
// CHECK-NOT: FAIL
#include "harness.h"

#include <sys/uio.h>

static const char *root, *box;
static w2n_instance *in;
enum { DIR = 3 };

static int32_t create(const char *name, int32_t *fd) {
  return open_at(in, DIR, name, WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC, RIGHTS_RW,
                 0, fd);
}

static void test_stdio(void) {
  CHECK_EQ(write_str(in, 1, "hello from fd_write\n"), 0);
  CHECK_EQ(get32(in, RET), 20);
  /* Stdio seeks exactly when the host descriptor does (the RUN line makes
   * stdout a pipe; stdin and stderr are whatever lit gives). */
  const uint64_t seek = WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL;
  int host_seeks[3];
  for (int fd = 0; fd < 3; ++fd)
    host_seeks[fd] = lseek(fd, 0, SEEK_CUR) >= 0;
  CHECK_EQ(host_seeks[1], 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, 1, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FDSTAT_RIGHTS_BASE), WASI_RIGHT_FD_WRITE);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, 0, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FDSTAT_RIGHTS_BASE),
           WASI_RIGHT_FD_READ | (host_seeks[0] ? seek : 0));
  char got[8];
  CHECK_EQ(read_str(in, 1, got, sizeof got), WASI_EBADF);
  CHECK_EQ(write_str(in, 0, "x"), WASI_EBADF);
  CHECK_EQ(w2n_wasi_fd_seek(in, 1, 0, WASI_WHENCE_CUR, RET), WASI_ESPIPE);
  CHECK_EQ(w2n_wasi_fd_tell(in, 2, RET),
           host_seeks[2] ? WASI_ESUCCESS : WASI_ESPIPE);
  /* As the host's pwritev (qemu-user accepts an empty one on a pipe). */
  CHECK_EQ(w2n_wasi_fd_pwrite(in, 1, IOV, 0, 0, RET),
           pwritev(1, NULL, 0, 0) < 0 ? WASI_ESPIPE : WASI_ESUCCESS);
  /* A regular file as stdin seeks and stats as natively. */
  int saved = dup(0);
  int file = open("/proc/self/exe", O_RDONLY);
  CHECK(saved >= 0 && file >= 0 && dup2(file, 0) == 0);
  CHECK_EQ(w2n_wasi_fd_seek(in, 0, 4, WASI_WHENCE_SET, RET), 0);
  CHECK_EQ(get64(in, RET), 4);
  CHECK_EQ(w2n_wasi_fd_tell(in, 0, RET), 0);
  CHECK_EQ(get64(in, RET), 4);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, 0, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FDSTAT_FILETYPE], WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(get64(in, BUF + WASI_FDSTAT_RIGHTS_BASE), WASI_RIGHT_FD_READ | seek);
  struct stat st;
  CHECK(fstat(0, &st) == 0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, 0, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_FILESIZE), (uint64_t)st.st_size);
  CHECK(dup2(saved, 0) == 0);
  close(saved);
  close(file);

  /* Without the stdio capabilities, 0-2 are not open at all. */
  w2n_config none = {.caps =
                         W2N_CAP_DEFAULT &
                         ~(W2N_CAP_STDIN | W2N_CAP_STDOUT | W2N_CAP_STDERR)};
  w2n_instance *bare = make_instance(&none, 0, NULL, NULL);
  for (int32_t fd = 0; fd < 3; ++fd) {
    CHECK_EQ(write_str(bare, fd, "leak"), WASI_EBADF);
    CHECK_EQ(read_str(bare, fd, got, sizeof got), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_fdstat_get(bare, fd, BUF), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_close(bare, fd), WASI_EBADF);
  }
  w2n_instance_free(bare);
}

static void test_never_granted(void) {
  const int32_t bad[] = {-1, 4, 5, 99, 65535, 1 << 30};
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int32_t fd = bad[i];
    char got[8];
    CHECK_EQ(write_str(in, fd, "x"), WASI_EBADF);
    CHECK_EQ(read_str(in, fd, got, sizeof got), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_close(in, fd), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_seek(in, fd, 0, 0, RET), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, BUF), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_prestat_get(in, fd, BUF), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_readdir(in, fd, BUF, 100, 0, RET), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_renumber(in, fd, 20), WASI_EBADF);
    CHECK_EQ(w2n_wasi_fd_sync(in, fd), WASI_EBADF);
    CHECK_EQ(open_at(in, fd, "x", 0, WASI_RIGHT_FD_READ, 0, NULL), WASI_EBADF);
    CHECK_EQ(w2n_wasi_sock_shutdown(in, fd, 1), WASI_EBADF);
  }
}

static void test_read_write_seek(void) {
  int32_t fd;
  CHECK_EQ(create("rw.txt", &fd), 0);
  /* Two iovecs, gathered in order. */
  put_str(in, BUF, "hello ");
  put_str(in, BUF + 100, "world");
  put32(in, IOV, BUF);
  put32(in, IOV + 4, 6);
  put32(in, IOV + 8, BUF + 100);
  put32(in, IOV + 12, 5);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 2, RET), 0);
  CHECK_EQ(get32(in, RET), 11);
  CHECK_EQ(w2n_wasi_fd_tell(in, fd, RET), 0);
  CHECK_EQ(get64(in, RET), 11);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, 6, WASI_WHENCE_SET, RET), 0);
  CHECK_EQ(get64(in, RET), 6);
  char got[64];
  CHECK_EQ(read_str(in, fd, got, sizeof got), 0);
  CHECK_EQ(strcmp(got, "world"), 0);
  CHECK_EQ(read_str(in, fd, got, sizeof got), 0); /* end of file */
  CHECK_EQ(get32(in, RET), 0);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, -5, WASI_WHENCE_END, RET), 0);
  CHECK_EQ(get64(in, RET), 6);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, -100, WASI_WHENCE_CUR, RET), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, 0, 7, RET), WASI_EINVAL);
  /* pread/pwrite leave the position alone. */
  put32(in, IOV, BUF);
  put32(in, IOV + 4, 5);
  CHECK_EQ(w2n_wasi_fd_pread(in, fd, IOV, 1, 0, RET), 0);
  CHECK_EQ(get32(in, RET), 5);
  CHECK_EQ(memcmp(mem(in) + BUF, "hello", 5), 0);
  put_str(in, BUF, "HELLO");
  CHECK_EQ(w2n_wasi_fd_pwrite(in, fd, IOV, 1, 0, RET), 0);
  CHECK_EQ(w2n_wasi_fd_tell(in, fd, RET), 0);
  CHECK_EQ(get64(in, RET), 6);
  CHECK_EQ(w2n_wasi_fd_pread(in, fd, IOV, 1, -1, RET), WASI_EINVAL);
  /* Seeking past the end and writing leaves a hole. */
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, 20, WASI_WHENCE_SET, RET), 0);
  CHECK_EQ(write_str(in, fd, "!"), 0);
  CHECK_EQ(w2n_wasi_fd_close(in, fd), 0);
  FILE *f = fopen(join(box, "rw.txt"), "rb");
  char host[32] = {0};
  size_t n = fread(host, 1, sizeof host, f);
  fclose(f);
  CHECK_EQ(n, 21);
  CHECK_EQ(memcmp(host, "HELLO world\0\0\0\0\0\0\0\0\0!", 21), 0);
  /* A descriptor opened read-only cannot write, and vice versa. */
  CHECK_EQ(open_at(in, DIR, "rw.txt", 0, WASI_RIGHT_FD_READ, 0, &fd), 0);
  CHECK_EQ(write_str(in, fd, "x"), WASI_EBADF);
  w2n_wasi_fd_close(in, fd);
  CHECK_EQ(open_at(in, DIR, "rw.txt", 0, WASI_RIGHT_FD_WRITE, 0, &fd), 0);
  CHECK_EQ(read_str(in, fd, got, sizeof got), WASI_EBADF);
  w2n_wasi_fd_close(in, fd);
}

static void test_append(void) {
  int32_t fd;
  CHECK_EQ(create("app.txt", &fd), 0);
  CHECK_EQ(write_str(in, fd, "one"), 0);
  w2n_wasi_fd_close(in, fd);
  CHECK_EQ(open_at(in, DIR, "app.txt", 0, RIGHTS_RW, WASI_FDFLAG_APPEND, &fd),
           0);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, BUF), 0);
  CHECK_EQ(wasi_get16(mem(in) + BUF + WASI_FDSTAT_FLAGS), WASI_FDFLAG_APPEND);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, 0, WASI_WHENCE_SET, RET), 0);
  CHECK_EQ(write_str(in, fd, "two"), 0);
  /* Turning append off writes at the position again. */
  CHECK_EQ(w2n_wasi_fd_fdstat_set_flags(in, fd, 0), 0);
  CHECK_EQ(w2n_wasi_fd_seek(in, fd, 0, WASI_WHENCE_SET, RET), 0);
  CHECK_EQ(write_str(in, fd, "ONE"), 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_set_flags(in, fd, WASI_FDFLAG_SYNC), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_fdstat_set_flags(in, fd, 1 << 9), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_fdstat_set_flags(in, DIR, 0), WASI_EBADF);
  w2n_wasi_fd_close(in, fd);
  char got[64];
  CHECK_EQ(open_at(in, DIR, "app.txt", 0, WASI_RIGHT_FD_READ, 0, &fd), 0);
  CHECK_EQ(read_str(in, fd, got, sizeof got), 0);
  CHECK_EQ(strcmp(got, "ONEtwo"), 0);
  w2n_wasi_fd_close(in, fd);
}

static void test_fdstat_filestat(void) {
  int32_t fd;
  CHECK_EQ(create("st.txt", &fd), 0);
  CHECK_EQ(write_str(in, fd, "0123456789"), 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FDSTAT_FILETYPE], WASI_FILETYPE_REGULAR_FILE);
  uint64_t base = get64(in, BUF + WASI_FDSTAT_RIGHTS_BASE);
  CHECK_EQ(base & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE |
                   WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL),
           WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK |
               WASI_RIGHT_FD_TELL);
  /* Directories: directory rights, and file rights to hand down. */
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, DIR, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FDSTAT_FILETYPE], WASI_FILETYPE_DIRECTORY);
  base = get64(in, BUF + WASI_FDSTAT_RIGHTS_BASE);
  uint64_t inh = get64(in, BUF + WASI_FDSTAT_RIGHTS_INHERITING);
  CHECK(base & WASI_RIGHT_PATH_OPEN);
  CHECK(base & WASI_RIGHT_FD_READDIR);
  CHECK(!(base & WASI_RIGHT_FD_WRITE));
  CHECK(inh & WASI_RIGHT_FD_WRITE);
  CHECK(inh & WASI_RIGHT_FD_READ);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FILESTAT_FILETYPE], WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_FILESIZE), 10);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_NLINK), 1);
  struct stat st;
  stat(join(box, "st.txt"), &st);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_INO), st.st_ino);
  CHECK_EQ(w2n_wasi_fd_filestat_set_size(in, fd, 4), 0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_FILESIZE), 4);
  CHECK_EQ(w2n_wasi_fd_filestat_set_size(in, fd, -1), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_filestat_set_size(in, DIR, 0), WASI_EBADF);
  const int64_t t_a = 1000000000LL * 1234567 + 89, t_m = 1000000000LL * 7654321;
  CHECK_EQ(w2n_wasi_fd_filestat_set_times(
               in, fd, t_a, t_m, WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM),
           0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_ATIM), t_a);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_MTIM), t_m);
  /* Only the mtime changes when only it is asked for. */
  CHECK_EQ(w2n_wasi_fd_filestat_set_times(in, fd, 0, t_a, WASI_FSTFLAG_MTIM),
           0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_ATIM), t_a);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_MTIM), t_a);
  CHECK_EQ(w2n_wasi_fd_filestat_set_times(
               in, fd, 0, 0, WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW),
           WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_filestat_set_times(in, fd, 0, 0, 1 << 7), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_allocate(in, fd, 0, 4096), 0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_FILESIZE), 4096);
  CHECK_EQ(w2n_wasi_fd_advise(in, fd, 0, 0, WASI_ADVICE_SEQUENTIAL), 0);
  CHECK_EQ(w2n_wasi_fd_advise(in, fd, 0, 0, 6), WASI_EINVAL);
  CHECK_EQ(w2n_wasi_fd_datasync(in, fd), 0);
  CHECK_EQ(w2n_wasi_fd_sync(in, fd), 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_set_rights(in, fd, 0, 0), 0);
  w2n_wasi_fd_close(in, fd);
  /* stdio reports the host descriptor's stat, as fstat natively. */
  CHECK(fstat(2, &st) == 0);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, 2, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_INO), (uint64_t)st.st_ino);
}

static void test_renumber_close(void) {
  int32_t a, b;
  CHECK_EQ(create("a.txt", &a), 0);
  CHECK_EQ(create("b.txt", &b), 0);
  CHECK_EQ(write_str(in, a, "A"), 0);
  CHECK_EQ(w2n_wasi_fd_renumber(in, a, b), 0);
  CHECK_EQ(write_str(in, a, "x"), WASI_EBADF);
  CHECK_EQ(write_str(in, b, "B"), 0); /* goes to a.txt */
  CHECK_EQ(w2n_wasi_fd_renumber(in, b, b), 0);
  CHECK_EQ(w2n_wasi_fd_renumber(in, b, 40), 0);
  CHECK_EQ(write_str(in, b, "x"), WASI_EBADF);
  CHECK_EQ(write_str(in, 40, "C"), 0);
  CHECK_EQ(w2n_wasi_fd_renumber(in, 40, -1), WASI_EBADF);
  CHECK_EQ(w2n_wasi_fd_renumber(in, 40, 1 << 30), WASI_EBADF);
  /* The freed numbers are reused, lowest first, never below 3. */
  int32_t c;
  CHECK_EQ(create("c.txt", &c), 0);
  CHECK_EQ(c, a);
  CHECK_EQ(w2n_wasi_fd_close(in, c), 0);
  CHECK_EQ(w2n_wasi_fd_close(in, c), WASI_EBADF);
  CHECK_EQ(w2n_wasi_fd_close(in, 40), 0);
  struct stat st;
  stat(join(box, "a.txt"), &st);
  CHECK_EQ(st.st_size, 3);
  stat(join(box, "b.txt"), &st);
  CHECK_EQ(st.st_size, 0);
}

static void test_out_of_bounds(void) {
  int32_t fd;
  CHECK_EQ(create("oob.txt", &fd), 0);
  /* iovec array, iovec buffer, and result pointer outside memory. */
  CHECK_EQ(w2n_wasi_fd_write(in, fd, MEM_SIZE - 4, 1, RET), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 0x20000000, RET), WASI_EFAULT);
  put32(in, IOV, BUF);
  put32(in, IOV + 4, 3);
  put32(in, IOV + 8, MEM_SIZE - 2);
  put32(in, IOV + 12, 10);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 2, RET), WASI_EFAULT);
  put32(in, IOV + 8, 0xfffffff0u);
  put32(in, IOV + 12, 0x20);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 2, RET), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 1, MEM_SIZE - 2), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_write(in, fd, IOV, 1, -1), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_read(in, fd, IOV, 2, RET), WASI_EFAULT);
  /* None of them wrote anything. */
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, BUF), 0);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_FILESIZE), 0);
  /* The last bytes of memory are in bounds, one more is not. */
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, MEM_SIZE - WASI_FDSTAT_SIZE), 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, MEM_SIZE - WASI_FDSTAT_SIZE + 1),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_filestat_get(in, fd, MEM_SIZE - 63), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_tell(in, fd, MEM_SIZE - 7), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_readdir(in, DIR, MEM_SIZE - 10, 11, 0, RET),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_fd_prestat_dir_name(in, DIR, MEM_SIZE - 2, 100),
           WASI_EFAULT);
  w2n_wasi_fd_close(in, fd);
  /* Path arguments: pointer, length, and the result slot. */
  CHECK_EQ(w2n_wasi_path_open(in, DIR, 0, MEM_SIZE - 1, 2, WASI_OFLAG_CREAT,
                              RIGHTS_RW, 0, 0, RET),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_path_open(in, DIR, 0, PATH1, -1, WASI_OFLAG_CREAT,
                              RIGHTS_RW, 0, 0, RET),
           WASI_EFAULT);
  int32_t len = put_str(in, PATH1, "never-created");
  CHECK_EQ(w2n_wasi_path_open(in, DIR, 0, PATH1, len, WASI_OFLAG_CREAT,
                              RIGHTS_RW, 0, 0, MEM_SIZE),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_path_create_directory(in, DIR, 0x7fffffff, 5), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_path_filestat_get(in, DIR, 0, PATH1, len, MEM_SIZE - 8),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_path_readlink(in, DIR, PATH1, len, MEM_SIZE - 4, 8, RET),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_path_symlink(in, MEM_SIZE - 1, 4, DIR, PATH1, len),
           WASI_EFAULT);
  struct stat st;
  CHECK_EQ(stat(join(box, "never-created"), &st), -1);
  /* Other families. */
  CHECK_EQ(w2n_wasi_args_sizes_get(in, MEM_SIZE - 3, RET), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_environ_get(in, RET, MEM_SIZE + 1), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_clock_time_get(in, WASI_CLOCK_MONOTONIC, 0, MEM_SIZE - 4),
           WASI_EFAULT);
  CHECK_EQ(w2n_wasi_random_get(in, MEM_SIZE - 16, 17), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_random_get(in, MEM_SIZE - 16, 16), 0);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, MEM_SIZE - 47, BUF, 1, RET), WASI_EFAULT);
  CHECK_EQ(w2n_wasi_poll_oneoff(in, BUF, MEM_SIZE - 31, 1, RET), WASI_EFAULT);
}

static void test_prestat(void) {
  CHECK_EQ(w2n_wasi_fd_prestat_get(in, DIR, BUF), 0);
  CHECK_EQ(mem(in)[BUF], WASI_PREOPENTYPE_DIR);
  CHECK_EQ(get32(in, BUF + WASI_PRESTAT_NAME_LEN), 8);
  CHECK_EQ(w2n_wasi_fd_prestat_dir_name(in, DIR, BUF, 7), WASI_ENAMETOOLONG);
  CHECK_EQ(w2n_wasi_fd_prestat_dir_name(in, DIR, BUF, 8), 0);
  CHECK_EQ(memcmp(mem(in) + BUF, "/sandbox", 8), 0);
  CHECK_EQ(w2n_wasi_fd_prestat_get(in, 1, BUF), WASI_EBADF);
  int32_t sub;
  CHECK_EQ(
      open_at(in, DIR, ".", WASI_OFLAG_DIRECTORY, WASI_RIGHT_FD_READ, 0, &sub),
      0);
  CHECK_EQ(w2n_wasi_fd_prestat_get(in, sub, BUF), WASI_EBADF);
  CHECK_EQ(w2n_wasi_fd_prestat_dir_name(in, sub, BUF, 100), WASI_ENOTDIR);
  w2n_wasi_fd_close(in, sub);
}

/* Lists directory `fd` the way wasi-libc's readdir does, with a buffer of
 * `size` bytes that grows when a single entry does not fit; returns the
 * names joined by '\n' in the order given, and checks each entry. */
static int list_dir(int32_t fd, uint32_t size, char *out, size_t cap) {
  uint64_t cookie = 0;
  size_t len = 0;
  int count = 0;
  out[0] = 0;
  for (;;) {
    if (w2n_wasi_fd_readdir(in, fd, BUF, (int32_t)size, (int64_t)cookie, RET) !=
        0)
      return -1;
    uint32_t used = get32(in, RET), pos = 0;
    int complete = 0;
    while (pos + WASI_DIRENT_SIZE <= used) {
      uint32_t namlen = get32(in, BUF + pos + WASI_DIRENT_D_NAMLEN);
      if (pos + WASI_DIRENT_SIZE + namlen > used)
        break;
      const char *name = (const char *)mem(in) + BUF + pos + WASI_DIRENT_SIZE;
      if (len + namlen + 2 < cap) {
        memcpy(out + len, name, namlen);
        len += namlen;
        out[len++] = '\n';
        out[len] = 0;
      }
      char host_name[256];
      memcpy(host_name, name, namlen);
      host_name[namlen] = 0;
      struct stat st;
      lstat(join(box, join("listing", host_name)), &st);
      CHECK_EQ(get64(in, BUF + pos + WASI_DIRENT_D_INO), st.st_ino);
      CHECK_EQ(mem(in)[BUF + pos + WASI_DIRENT_D_TYPE],
               w2n_wasi_filetype(st.st_mode));
      cookie = get64(in, BUF + pos + WASI_DIRENT_D_NEXT);
      pos += WASI_DIRENT_SIZE + namlen;
      ++count;
      complete = 1;
    }
    if (used < size)
      return count; /* the end of the directory */
    if (!complete)
      size *= 2;
  }
}

static int cmp_lines(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the '\n'-separated names in s in place. */
static void sort_lines(char *s) {
  char *lines[200], copy[8192];
  int n = 0;
  strcpy(copy, s);
  for (char *p = strtok(copy, "\n"); p && n < 200; p = strtok(NULL, "\n"))
    lines[n++] = p;
  qsort(lines, (size_t)n, sizeof *lines, cmp_lines);
  s[0] = 0;
  for (int i = 0; i < n; ++i) {
    strcat(s, lines[i]);
    strcat(s, "\n");
  }
}

static void test_readdir(void) {
  mkdir(join(box, "listing"), 0755);
  char expect[8192] = ".\n..\nsubdir\nsymlink\n";
  mkdir(join(box, "listing/subdir"), 0755);
  symlink("nowhere", join(box, "listing/symlink"));
  for (int i = 0; i < 60; ++i) {
    char name[128];
    memset(name, 'a' + i % 26, sizeof name);
    snprintf(name + (i % 90) + 1, 16, "-%d", i);
    host_write(join(box, join("listing", name)), "");
    strcat(expect, name);
    strcat(expect, "\n");
  }
  sort_lines(expect);
  int32_t fd;
  CHECK_EQ(open_at(in, DIR, "listing", WASI_OFLAG_DIRECTORY,
                   WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR, 0, &fd),
           0);
  const uint32_t sizes[] = {4096, 300, 64, 24, 1};
  for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    char got[8192];
    CHECK_EQ(list_dir(fd, sizes[i], got, sizeof got), 64);
    sort_lines(got);
    CHECK_EQ(strcmp(got, expect), 0);
  }
  /* Cookies are small ordinals, and any of them (not only the last one
   * handed out) restarts at the right entry, also on a fresh descriptor. */
  CHECK_EQ(w2n_wasi_fd_readdir(in, fd, BUF, 0x8000, 0, RET), 0);
  uint32_t at = 0;
  for (int i = 0; i < 10; ++i)
    at += WASI_DIRENT_SIZE + get32(in, BUF + at + WASI_DIRENT_D_NAMLEN);
  CHECK_EQ(get64(in, BUF + at + WASI_DIRENT_D_NEXT), 11);
  char eleventh[256] = {0};
  memcpy(eleventh, mem(in) + BUF + at + WASI_DIRENT_SIZE,
         get32(in, BUF + at + WASI_DIRENT_D_NAMLEN));
  int32_t again;
  CHECK_EQ(open_at(in, DIR, "listing", WASI_OFLAG_DIRECTORY, WASI_RIGHT_FD_READ,
                   0, &again),
           0);
  CHECK_EQ(w2n_wasi_fd_readdir(in, again, BUF, 4096, 10, RET), 0);
  CHECK_EQ(get64(in, BUF + WASI_DIRENT_D_NEXT), 11);
  CHECK_EQ(memcmp(mem(in) + BUF + WASI_DIRENT_SIZE, eleventh, strlen(eleventh)),
           0);
  CHECK_EQ(w2n_wasi_fd_readdir(in, again, BUF, 4096, 1000, RET), 0);
  CHECK_EQ(get32(in, RET), 0);
  w2n_wasi_fd_close(in, again);
  /* A buffer smaller than one entry is filled to the brim. */
  CHECK_EQ(w2n_wasi_fd_readdir(in, fd, BUF, 10, 0, RET), 0);
  CHECK_EQ(get32(in, RET), 10);
  /* A cookie past the end gives nothing. */
  CHECK_EQ(w2n_wasi_fd_readdir(in, fd, BUF, 4096, 0, RET), 0);
  uint32_t used = get32(in, RET), pos = 0;
  uint64_t last = 0;
  while (pos < used) {
    last = get64(in, BUF + pos + WASI_DIRENT_D_NEXT);
    pos += WASI_DIRENT_SIZE + get32(in, BUF + pos + WASI_DIRENT_D_NAMLEN);
  }
  CHECK_EQ(w2n_wasi_fd_readdir(in, fd, BUF, 4096, (int64_t)last, RET), 0);
  CHECK_EQ(get32(in, RET), 0);
  int32_t file;
  CHECK_EQ(create("not-a-dir", &file), 0);
  CHECK_EQ(w2n_wasi_fd_readdir(in, file, BUF, 100, 0, RET), WASI_EBADF);
  w2n_wasi_fd_close(in, file);
  w2n_wasi_fd_close(in, fd);
}

static int32_t path1(int32_t (*op)(w2n_instance *, int32_t, int32_t, int32_t),
                     const char *p) {
  return op(in, DIR, PATH1, put_str(in, PATH1, p));
}

static int32_t path2(int32_t (*op)(w2n_instance *, int32_t, int32_t, int32_t,
                                   int32_t, int32_t, int32_t),
                     const char *a, const char *b) {
  int32_t la = put_str(in, PATH1, a), lb = put_str(in, PATH2, b);
  return op(in, DIR, PATH1, la, DIR, PATH2, lb);
}

static int32_t link2(uint32_t flags, const char *a, const char *b) {
  int32_t la = put_str(in, PATH1, a), lb = put_str(in, PATH2, b);
  return w2n_wasi_path_link(in, DIR, (int32_t)flags, PATH1, la, DIR, PATH2, lb);
}

static int32_t symlink2(const char *target, const char *name) {
  int32_t la = put_str(in, PATH1, target), lb = put_str(in, PATH2, name);
  return w2n_wasi_path_symlink(in, PATH1, la, DIR, PATH2, lb);
}

static int32_t stat_type(const char *p, uint32_t flags) {
  int32_t len = put_str(in, PATH1, p);
  int32_t err =
      w2n_wasi_path_filestat_get(in, DIR, (int32_t)flags, PATH1, len, BUF);
  return err ? -err : mem(in)[BUF + WASI_FILESTAT_FILETYPE];
}

static void test_path_ops(void) {
  int32_t fd;
  CHECK_EQ(path1(w2n_wasi_path_create_directory, "d"), 0);
  CHECK_EQ(path1(w2n_wasi_path_create_directory, "d"), WASI_EEXIST);
  CHECK_EQ(path1(w2n_wasi_path_create_directory, "d/e/"), 0);
  CHECK_EQ(path1(w2n_wasi_path_create_directory, "missing/e"), WASI_ENOENT);
  CHECK_EQ(stat_type("d", 0), WASI_FILETYPE_DIRECTORY);
  CHECK_EQ(stat_type("d/e/", 0), WASI_FILETYPE_DIRECTORY);
  CHECK_EQ(create("d/f", &fd), 0);
  w2n_wasi_fd_close(in, fd);
  CHECK_EQ(stat_type("d/f", 0), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(stat_type("d/f/", 0), -WASI_ENOTDIR);
  CHECK_EQ(stat_type("d/f/x", 0), -WASI_ENOTDIR);
  CHECK_EQ(stat_type("d/nothing", 0), -WASI_ENOENT);
  CHECK_EQ(stat_type("", 0), -WASI_ENOENT);
  CHECK_EQ(path1(w2n_wasi_path_remove_directory, "d"), WASI_ENOTEMPTY);
  CHECK_EQ(path1(w2n_wasi_path_remove_directory, "d/f"), WASI_ENOTDIR);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "d/e"), WASI_EISDIR);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "d/e/"), WASI_EISDIR);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "d/f/"), WASI_ENOTDIR);
  CHECK_EQ(path1(w2n_wasi_path_remove_directory, "d/e/"), 0);
  /* path_open flags. */
  CHECK_EQ(open_at(in, DIR, "d/f", WASI_OFLAG_CREAT | WASI_OFLAG_EXCL,
                   RIGHTS_RW, 0, &fd),
           WASI_EEXIST);
  CHECK_EQ(
      open_at(in, DIR, "d/f", WASI_OFLAG_DIRECTORY, WASI_RIGHT_FD_READ, 0, &fd),
      WASI_ENOTDIR);
  CHECK_EQ(open_at(in, DIR, "d/f/", 0, WASI_RIGHT_FD_READ, 0, &fd),
           WASI_ENOTDIR);
  CHECK_EQ(open_at(in, DIR, "d/nothing", 0, WASI_RIGHT_FD_READ, 0, &fd),
           WASI_ENOENT);
  CHECK_EQ(open_at(in, DIR, "d", 0, WASI_RIGHT_FD_WRITE, 0, &fd), WASI_EISDIR);
  CHECK_EQ(open_at(in, DIR, "d//", 0, WASI_RIGHT_FD_READ, 0, &fd), 0);
  CHECK_EQ(w2n_wasi_fd_fdstat_get(in, fd, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FDSTAT_FILETYPE], WASI_FILETYPE_DIRECTORY);
  int32_t inner;
  CHECK_EQ(open_at(in, fd, "f", 0, WASI_RIGHT_FD_READ, 0, &inner), 0);
  w2n_wasi_fd_close(in, inner);
  CHECK_EQ(open_at(in, fd, "..", 0, WASI_RIGHT_FD_READ, 0, &inner),
           WASI_ESCAPE); /* a descriptor is a root of its own */
  w2n_wasi_fd_close(in, fd);
  CHECK_EQ(open_at(in, DIR, "new/", WASI_OFLAG_CREAT, RIGHTS_RW, 0, &fd),
           WASI_EISDIR);
  CHECK_EQ(open_at(in, DIR, "d", WASI_OFLAG_CREAT | WASI_OFLAG_DIRECTORY,
                   RIGHTS_RW, 0, &fd),
           WASI_EINVAL);
  CHECK_EQ(open_at(in, DIR, "d/f", 1 << 5, RIGHTS_RW, 0, &fd), WASI_EINVAL);
  int32_t len = put_str(in, PATH1, "d/f");
  mem(in)[PATH1 + len] = 0; /* "d/f\0": a NUL inside the path */
  CHECK_EQ(w2n_wasi_path_open(in, DIR, 0, PATH1, len + 1, 0, WASI_RIGHT_FD_READ,
                              0, 0, RET),
           WASI_EINVAL);
  CHECK_EQ(open_at(in, DIR, "d/f", WASI_OFLAG_TRUNC, RIGHTS_RW, 0, &fd), 0);
  CHECK_EQ(open_at(in, fd, "x", 0, WASI_RIGHT_FD_READ, 0, &inner),
           WASI_ENOTDIR);
  CHECK_EQ(path1(w2n_wasi_path_create_directory, "x"), 0);
  CHECK_EQ(w2n_wasi_path_create_directory(in, fd, PATH1, 1), WASI_ENOTDIR);
  CHECK_EQ(path1(w2n_wasi_path_remove_directory, "x"), 0);
  w2n_wasi_fd_close(in, fd);
  /* symlink, readlink, following. */
  CHECK_EQ(symlink2("d/f", "ln"), 0);
  CHECK_EQ(symlink2("d/f", "ln"), WASI_EEXIST);
  CHECK_EQ(symlink2("x", "ln2/"), WASI_ENOENT);
  CHECK_EQ(symlink2("", "ln3"), WASI_ENOENT);
  CHECK_EQ(stat_type("ln", 0), WASI_FILETYPE_SYMBOLIC_LINK);
  CHECK_EQ(stat_type("ln", WASI_LOOKUP_SYMLINK_FOLLOW),
           WASI_FILETYPE_REGULAR_FILE);
  len = put_str(in, PATH1, "ln");
  CHECK_EQ(w2n_wasi_path_readlink(in, DIR, PATH1, len, BUF, 100, RET), 0);
  CHECK_EQ(get32(in, RET), 3);
  CHECK_EQ(memcmp(mem(in) + BUF, "d/f", 3), 0);
  CHECK_EQ(w2n_wasi_path_readlink(in, DIR, PATH1, len, BUF, 2, RET), 0);
  CHECK_EQ(get32(in, RET), 2);
  CHECK_EQ(w2n_wasi_path_readlink(in, DIR, PATH1, len, BUF, 0, RET), 0);
  CHECK_EQ(get32(in, RET), 0);
  len = put_str(in, PATH1, "d/f");
  CHECK_EQ(w2n_wasi_path_readlink(in, DIR, PATH1, len, BUF, 100, RET),
           WASI_EINVAL);
  CHECK_EQ(symlink2("ln-loop", "ln-loop"), 0);
  CHECK_EQ(stat_type("ln-loop", WASI_LOOKUP_SYMLINK_FOLLOW), -WASI_ELOOP);
  CHECK_EQ(stat_type("ln-loop", 0), WASI_FILETYPE_SYMBOLIC_LINK);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "ln-loop"), 0);
  /* A dangling link is created through when following. */
  CHECK_EQ(symlink2("d/target", "dangling"), 0);
  CHECK_EQ(open_at(in, DIR, "dangling", WASI_OFLAG_CREAT, RIGHTS_RW, 0, &fd),
           0);
  w2n_wasi_fd_close(in, fd);
  CHECK_EQ(stat_type("d/target", 0), WASI_FILETYPE_REGULAR_FILE);
  /* Hard links. */
  CHECK_EQ(link2(0, "d/f", "hard"), 0);
  CHECK_EQ(stat_type("hard", 0), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_NLINK), 2);
  CHECK_EQ(link2(0, "d/f", "hard"), WASI_EEXIST);
  CHECK_EQ(link2(0, "d/f", "hard2/"), WASI_ENOENT);
  CHECK_EQ(link2(0, "d/f/", "hard2"), WASI_ENOTDIR);
  CHECK_EQ(link2(WASI_LOOKUP_SYMLINK_FOLLOW, "ln", "hard2"), WASI_EINVAL);
  CHECK_EQ(link2(0, "d", "hard2"), WASI_EPERM);
  /* Rename. */
  CHECK_EQ(path2(w2n_wasi_path_rename, "hard", "d/target"), 0);
  CHECK_EQ(stat_type("hard", 0), -WASI_ENOENT);
  CHECK_EQ(path2(w2n_wasi_path_rename, "d/target", "renamed/"), WASI_ENOTDIR);
  CHECK_EQ(path2(w2n_wasi_path_rename, "d", "d2/"), 0);
  CHECK_EQ(stat_type("d2/f", 0), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(path2(w2n_wasi_path_rename, "nothing", "x"), WASI_ENOENT);
  /* Times by path, with and without following. */
  len = put_str(in, PATH1, "d2/f");
  CHECK_EQ(w2n_wasi_path_filestat_set_times(in, DIR, 0, PATH1, len, 0,
                                            5000000000LL, WASI_FSTFLAG_MTIM),
           0);
  CHECK_EQ(stat_type("d2/f", 0), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(get64(in, BUF + WASI_FILESTAT_MTIM), 5000000000LL);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "ln"), 0);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "dangling"), 0);
  CHECK_EQ(path1(w2n_wasi_path_unlink_file, "ln"), WASI_ENOENT);
  /* A file is not a directory to resolve paths in. */
  CHECK_EQ(create("plain", &fd), 0);
  len = put_str(in, PATH1, "x");
  CHECK_EQ(w2n_wasi_path_unlink_file(in, fd, PATH1, len), WASI_ENOTDIR);
  CHECK_EQ(w2n_wasi_path_unlink_file(in, 1, PATH1, len), WASI_EBADF);
  w2n_wasi_fd_close(in, fd);
}

static void test_instances_isolated(void) {
  w2n_dir_grant other_dir = {join(root, "other"), "/sandbox", 1};
  w2n_config cfg = {.caps = W2N_CAP_DEFAULT, .num_dirs = 1, .dirs = &other_dir};
  w2n_instance *other = make_instance(&cfg, 0, NULL, NULL);
  int32_t fd;
  CHECK_EQ(open_at(other, 3, "mine.txt", WASI_OFLAG_CREAT, RIGHTS_RW, 0, &fd),
           0);
  CHECK_EQ(fd, 4);
  /* Descriptor 4 of one instance is not descriptor 4 of the other. */
  CHECK_EQ(write_str(in, 4, "x"), WASI_EBADF);
  CHECK_EQ(w2n_wasi_fd_close(in, 3), 0);
  CHECK_EQ(write_str(other, fd, "still open"), 0);
  CHECK_EQ(open_at(other, 3, "mine.txt", 0, WASI_RIGHT_FD_READ, 0, NULL), 0);
  CHECK_EQ(open_at(in, 3, "mine.txt", 0, WASI_RIGHT_FD_READ, 0, NULL),
           WASI_EBADF);
  struct stat st;
  CHECK_EQ(stat(join(root, "other/mine.txt"), &st), 0);
  CHECK_EQ(stat(join(box, "mine.txt"), &st), -1);
  w2n_instance_free(other);
}

int main(int argc, char **argv) {
  root = argv[1];
  box = strdup(join(root, "sandbox"));
  w2n_dir_grant dir = {box, "/sandbox", 1};
  w2n_config cfg = {.caps = W2N_CAP_DEFAULT, .num_dirs = 1, .dirs = &dir};
  in = make_instance(&cfg, 0, NULL, NULL);
  RUN_TEST(test_stdio);
  fflush(stdout);
  RUN_TEST(test_never_granted);
  RUN_TEST(test_read_write_seek);
  RUN_TEST(test_append);
  RUN_TEST(test_fdstat_filestat);
  RUN_TEST(test_renumber_close);
  RUN_TEST(test_out_of_bounds);
  RUN_TEST(test_prestat);
  RUN_TEST(test_readdir);
  RUN_TEST(test_path_ops);
  RUN_TEST(test_instances_isolated);
  w2n_instance_free(in);
  return failures != 0;
}
