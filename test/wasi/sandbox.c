// Proves that no path leaves its preopened directory: not with "..", not as
// an absolute path, not through a symlink (absolute, relative, in the middle
// or at the end), not through a symlink loop, not by renaming, linking or
// creating across the boundary, and not by swapping a directory for a
// symlink while paths are being resolved; and that a read-only grant refuses
// every change (ENOTCAPABLE) while reads work.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: sh %S/Inputs/build.sh %clang %t %s
// RUN: %t %t.dir | FileCheck %s
// RUN: grep -q OUTSIDE %t.dir/outside.txt
// RUN: test ! -e %t.dir/created && test ! -e %t.dir/newdir
// CHECK: ok test_inside_paths
// CHECK: ok test_dotdot_escape
// CHECK: ok test_absolute_paths
// CHECK: ok test_symlink_escape
// CHECK: ok test_symlink_loops
// CHECK: ok test_mutations_across_boundary
// CHECK: ok test_readonly_grant
// CHECK: ok test_rename_between_grants
// CHECK: ok test_swap_race
// CHECK-NOT: FAIL
#include "harness.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static const char *root;
static w2n_instance *in;
enum { BOX = 3, RO = 4, BOX2 = 5 };

static void fixtures(void) {
  mkdir(join(root, "box"), 0755);
  mkdir(join(root, "box/sub"), 0755);
  mkdir(join(root, "ro"), 0755);
  mkdir(join(root, "ro/d"), 0755);
  mkdir(join(root, "box2"), 0755);
  mkdir(join(root, "secret"), 0755);
  host_write(join(root, "outside.txt"), "OUTSIDE");
  host_write(join(root, "secret/f"), "OUTSIDE");
  host_write(join(root, "box/in.txt"), "inside");
  host_write(join(root, "ro/r.txt"), "readonly");
  host_write(join(root, "ro/d/x"), "readonly");
  symlink("sub/../in.txt", join(root, "box/link-in"));
  symlink(join(root, "outside.txt"), join(root, "box/link-abs"));
  symlink("../outside.txt", join(root, "box/link-up"));
  symlink("..", join(root, "box/sub/up"));
  symlink("../..", join(root, "box/sub/upup"));
  symlink(root, join(root, "box/dir-abs"));
  symlink("loop", join(root, "box/loop"));
  symlink("loop2", join(root, "box/loop1"));
  symlink("loop1", join(root, "box/loop2"));
}

/* Opens `path` in `dir` for reading; returns errno and the contents. */
static int32_t slurp(int32_t dir, const char *path, char *out) {
  int32_t fd;
  out[0] = 0;
  int32_t err = open_at(in, dir, path, 0, WASI_RIGHT_FD_READ, 0, &fd);
  if (err)
    return err;
  err = read_str(in, fd, out, 64);
  w2n_wasi_fd_close(in, fd);
  return err;
}

static void test_inside_paths(void) {
  const char *ok[] = {"in.txt",          "sub/../in.txt", "./sub/./../in.txt",
                      "sub//..//in.txt", "link-in",       "sub/up/in.txt"};
  char got[64];
  for (unsigned i = 0; i < sizeof ok / sizeof ok[0]; ++i) {
    CHECK_EQ(slurp(BOX, ok[i], got), WASI_ESUCCESS);
    CHECK_EQ(strcmp(got, "inside"), 0);
  }
}

static void test_dotdot_escape(void) {
  const char *bad[] = {"..",
                       "../outside.txt",
                       "sub/../../outside.txt",
                       "sub/upup/outside.txt",
                       "./../box/in.txt",
                       "sub/up/../outside.txt"};
  char got[64];
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK_EQ(slurp(BOX, bad[i], got), WASI_ESCAPE);
    CHECK_EQ(strstr(got, "OUTSIDE") == NULL, 1);
  }
}

static void test_absolute_paths(void) {
  char got[64];
  CHECK_EQ(slurp(BOX, "/etc/passwd", got), WASI_ESCAPE);
  CHECK_EQ(slurp(BOX, join(root, "outside.txt"), got), WASI_ESCAPE);
  CHECK_EQ(slurp(BOX, join(root, "box/in.txt"), got), WASI_ESCAPE);
}

static void test_symlink_escape(void) {
  char got[64];
  CHECK_EQ(slurp(BOX, "link-abs", got), WASI_ESCAPE);
  CHECK_EQ(slurp(BOX, "link-up", got), WASI_ESCAPE);
  CHECK_EQ(slurp(BOX, "dir-abs/outside.txt", got), WASI_ESCAPE);
  CHECK_EQ(slurp(BOX, "sub/up/link-up", got), WASI_ESCAPE);
  /* Without symlink_follow the final link itself is refused (ELOOP). */
  int32_t len = put_str(in, PATH1, "link-up");
  CHECK_EQ(w2n_wasi_path_open(in, BOX, 0, PATH1, len, 0, WASI_RIGHT_FD_READ, 0,
                              0, RET),
           WASI_ELOOP);
  /* lstat of the link works, stat through it escapes. */
  CHECK_EQ(w2n_wasi_path_filestat_get(in, BOX, 0, PATH1, len, BUF), 0);
  CHECK_EQ(mem(in)[BUF + WASI_FILESTAT_FILETYPE], WASI_FILETYPE_SYMBOLIC_LINK);
  CHECK_EQ(w2n_wasi_path_filestat_get(in, BOX, WASI_LOOKUP_SYMLINK_FOLLOW,
                                      PATH1, len, BUF),
           WASI_ESCAPE);
  /* Reading the link's text is fine: it is only text. */
  CHECK_EQ(w2n_wasi_path_readlink(in, BOX, PATH1, len, BUF, 100, RET), 0);
  CHECK_EQ(get32(in, RET), 14);
  CHECK_EQ(memcmp(mem(in) + BUF, "../outside.txt", 14), 0);
  /* A trailing slash follows a final link, so it escapes too. */
  len = put_str(in, PATH1, "dir-abs/");
  CHECK_EQ(w2n_wasi_path_open(in, BOX, 0, PATH1, len, WASI_OFLAG_DIRECTORY,
                              WASI_RIGHT_FD_READ, 0, 0, RET),
           WASI_ESCAPE);
}

static void test_symlink_loops(void) {
  char got[64];
  CHECK_EQ(slurp(BOX, "loop", got), WASI_ELOOP);
  CHECK_EQ(slurp(BOX, "loop1", got), WASI_ELOOP);
  CHECK_EQ(slurp(BOX, "loop/x", got), WASI_ELOOP);
  CHECK_EQ(slurp(BOX, "sub/../loop2/in.txt", got), WASI_ELOOP);
}

static void test_mutations_across_boundary(void) {
  int32_t fd;
  CHECK_EQ(open_at(in, BOX, "../created", WASI_OFLAG_CREAT, RIGHTS_RW, 0, &fd),
           WASI_ESCAPE);
  CHECK_EQ(open_at(in, BOX, "link-up", WASI_OFLAG_TRUNC, RIGHTS_RW, 0, &fd),
           WASI_ESCAPE);
  int32_t l1 = put_str(in, PATH1, "../newdir");
  CHECK_EQ(w2n_wasi_path_create_directory(in, BOX, PATH1, l1), WASI_ESCAPE);
  l1 = put_str(in, PATH1, "../outside.txt");
  CHECK_EQ(w2n_wasi_path_unlink_file(in, BOX, PATH1, l1), WASI_ESCAPE);
  l1 = put_str(in, PATH1, "../box2");
  CHECK_EQ(w2n_wasi_path_remove_directory(in, BOX, PATH1, l1), WASI_ESCAPE);
  l1 = put_str(in, PATH1, "in.txt");
  int32_t l2 = put_str(in, PATH2, "../moved");
  CHECK_EQ(w2n_wasi_path_rename(in, BOX, PATH1, l1, BOX, PATH2, l2),
           WASI_ESCAPE);
  CHECK_EQ(w2n_wasi_path_link(in, BOX, 0, PATH1, l1, BOX, PATH2, l2),
           WASI_ESCAPE);
  l1 = put_str(in, PATH1, "../outside.txt");
  l2 = put_str(in, PATH2, "stolen");
  CHECK_EQ(w2n_wasi_path_rename(in, BOX, PATH1, l1, BOX, PATH2, l2),
           WASI_ESCAPE);
  CHECK_EQ(w2n_wasi_path_link(in, BOX, 0, PATH1, l1, BOX, PATH2, l2),
           WASI_ESCAPE);
  /* An absolute symlink target is refused when the link is made. */
  l1 = put_str(in, PATH1, "/etc/passwd");
  l2 = put_str(in, PATH2, "abs-link");
  CHECK_EQ(w2n_wasi_path_symlink(in, PATH1, l1, BOX, PATH2, l2), WASI_ESCAPE);
  /* A relative one may be made, but following it still escapes. */
  l1 = put_str(in, PATH1, "../outside.txt");
  l2 = put_str(in, PATH2, "made-up");
  CHECK_EQ(w2n_wasi_path_symlink(in, PATH1, l1, BOX, PATH2, l2), 0);
  char got[64];
  CHECK_EQ(slurp(BOX, "made-up", got), WASI_ESCAPE);
  CHECK_EQ(w2n_wasi_path_unlink_file(in, BOX, PATH2, l2), 0);
  /* Set-times through an escaping link is refused too. */
  l1 = put_str(in, PATH1, "link-abs");
  CHECK_EQ(w2n_wasi_path_filestat_set_times(in, BOX, WASI_LOOKUP_SYMLINK_FOLLOW,
                                            PATH1, l1, 0, 0,
                                            WASI_FSTFLAG_MTIM_NOW),
           WASI_ESCAPE);
}

static void test_readonly_grant(void) {
  char got[64];
  CHECK_EQ(slurp(RO, "r.txt", got), 0);
  CHECK_EQ(strcmp(got, "readonly"), 0);
  int32_t fd;
  CHECK_EQ(open_at(in, RO, "r.txt", 0, RIGHTS_RW, 0, &fd), WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(in, RO, "r.txt", 0, WASI_RIGHT_FD_WRITE, 0, &fd),
           WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(in, RO, "new", WASI_OFLAG_CREAT, WASI_RIGHT_FD_READ, 0, &fd),
           WASI_ENOTCAPABLE);
  CHECK_EQ(
      open_at(in, RO, "r.txt", WASI_OFLAG_TRUNC, WASI_RIGHT_FD_READ, 0, &fd),
      WASI_ENOTCAPABLE);
  CHECK_EQ(
      open_at(in, RO, "r.txt", 0, WASI_RIGHT_FD_READ, WASI_FDFLAG_APPEND, &fd),
      WASI_ENOTCAPABLE);
  int32_t l1 = put_str(in, PATH1, "newdir");
  CHECK_EQ(w2n_wasi_path_create_directory(in, RO, PATH1, l1), WASI_ENOTCAPABLE);
  l1 = put_str(in, PATH1, "r.txt");
  CHECK_EQ(w2n_wasi_path_unlink_file(in, RO, PATH1, l1), WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_path_filestat_set_times(in, RO, 0, PATH1, l1, 0, 0,
                                            WASI_FSTFLAG_MTIM_NOW),
           WASI_ENOTCAPABLE);
  int32_t l2 = put_str(in, PATH2, "renamed");
  CHECK_EQ(w2n_wasi_path_rename(in, RO, PATH1, l1, RO, PATH2, l2),
           WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_path_link(in, RO, 0, PATH1, l1, RO, PATH2, l2),
           WASI_ENOTCAPABLE);
  /* Moving or linking a read-only file into a writable grant is refused. */
  CHECK_EQ(w2n_wasi_path_rename(in, RO, PATH1, l1, BOX, PATH2, l2),
           WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_path_link(in, RO, 0, PATH1, l1, BOX, PATH2, l2),
           WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_path_symlink(in, PATH1, l1, RO, PATH2, l2),
           WASI_ENOTCAPABLE);
  l1 = put_str(in, PATH1, "d");
  CHECK_EQ(w2n_wasi_path_remove_directory(in, RO, PATH1, l1), WASI_ENOTCAPABLE);
  /* Descriptors opened through the grant keep it read-only. */
  CHECK_EQ(open_at(in, RO, "r.txt", 0, WASI_RIGHT_FD_READ, 0, &fd), 0);
  CHECK_EQ(w2n_wasi_fd_filestat_set_size(in, fd, 0), WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_fd_filestat_set_times(in, fd, 0, 0, WASI_FSTFLAG_MTIM_NOW),
           WASI_ENOTCAPABLE);
  CHECK_EQ(w2n_wasi_fd_allocate(in, fd, 0, 100), WASI_ENOTCAPABLE);
  CHECK_EQ(write_str(in, fd, "x"), WASI_EBADF);
  w2n_wasi_fd_close(in, fd);
  int32_t sub;
  CHECK_EQ(
      open_at(in, RO, "d", WASI_OFLAG_DIRECTORY, WASI_RIGHT_FD_READ, 0, &sub),
      0);
  CHECK_EQ(open_at(in, sub, "x", 0, RIGHTS_RW, 0, &fd), WASI_ENOTCAPABLE);
  l1 = put_str(in, PATH1, "x");
  CHECK_EQ(w2n_wasi_path_unlink_file(in, sub, PATH1, l1), WASI_ENOTCAPABLE);
  w2n_wasi_fd_close(in, sub);
  struct stat st;
  CHECK_EQ(stat(join(root, "ro/r.txt"), &st), 0);
  CHECK_EQ(st.st_size, 8);
  CHECK_EQ(stat(join(root, "ro/newdir"), &st), -1);
  CHECK_EQ(stat(join(root, "box/renamed"), &st), -1);
}

static void test_rename_between_grants(void) {
  int32_t fd;
  CHECK_EQ(open_at(in, BOX, "mv.txt", WASI_OFLAG_CREAT, RIGHTS_RW, 0, &fd), 0);
  CHECK_EQ(write_str(in, fd, "moved"), 0);
  w2n_wasi_fd_close(in, fd);
  int32_t l1 = put_str(in, PATH1, "mv.txt");
  int32_t l2 = put_str(in, PATH2, "./mv2.txt");
  CHECK_EQ(w2n_wasi_path_rename(in, BOX, PATH1, l1, BOX2, PATH2, l2), 0);
  char got[64];
  CHECK_EQ(slurp(BOX2, "mv2.txt", got), 0);
  (void)got;
  l2 = put_str(in, PATH2, "mv2.txt");
  CHECK_EQ(w2n_wasi_path_unlink_file(in, BOX2, PATH2, l2), 0);
}

/* A child keeps swapping box/race between a real directory and a symlink
 * to ../secret while we open race/f: we may fail, never read outside. */
static void test_swap_race(void) {
  mkdir(join(root, "box/race-dir"), 0755);
  host_write(join(root, "box/race-dir/f"), "inside");
  symlink("../secret", join(root, "box/race-link"));
  pid_t child = fork();
  if (child == 0) {
    for (;;) {
      rename(join(root, "box/race-dir"), join(root, "box/race"));
      rename(join(root, "box/race"), join(root, "box/race-dir"));
      rename(join(root, "box/race-link"), join(root, "box/race"));
      rename(join(root, "box/race"), join(root, "box/race-link"));
    }
  }
  int opened = 0, refused = 0;
  char got[64];
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  do {
    for (int i = 0; i < 200; ++i) {
      int32_t err = slurp(BOX, "race/f", got);
      if (err == 0) {
        ++opened;
        CHECK_EQ(strcmp(got, "inside"), 0);
      } else {
        ++refused;
      }
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while (now.tv_sec - start.tv_sec < 1);
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  printf("race: %d opened, %d refused\n", opened, refused);
}

int main(int argc, char **argv) {
  root = argv[1];
  fixtures();
  w2n_dir_grant dirs[3] = {
      {join(root, "box"), "/box", 1},
      {join(root, "ro"), "/ro", 0},
      {join(root, "box2"), "/box2", 1},
  };
  w2n_config cfg = {.caps = W2N_CAP_DEFAULT, .num_dirs = 3, .dirs = dirs};
  in = make_instance(&cfg, 0, NULL, NULL);
  RUN_TEST(test_inside_paths);
  RUN_TEST(test_dotdot_escape);
  RUN_TEST(test_absolute_paths);
  RUN_TEST(test_symlink_escape);
  RUN_TEST(test_symlink_loops);
  RUN_TEST(test_mutations_across_boundary);
  RUN_TEST(test_readonly_grant);
  RUN_TEST(test_rename_between_grants);
  RUN_TEST(test_swap_race);
  w2n_instance_free(in);
  return failures != 0;
}
