// A single module holding X read-write as /a and X/sub read-only as /b. It
// redirects /b as a guest can, through /a: it moves sub away and plants a
// symlink climbing out in its place, then lists /b (same run); the test
// checks the next start.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void check(const char *what, int ok) {
  if (!ok)
    printf("%s: %s\n", what, strerror(errno));
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "climb") == 0) {
    check("rename", rename("/a/sub", "/a/sub-old") == 0);
    check("symlink", symlink("..", "/a/sub") == 0);
  }
  DIR *d = opendir("/b");
  printf("/b:");
  if (!d)
    printf(" %s", strerror(errno));
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      printf(" %s", e->d_name);
  printf("\n");
  if (d)
    closedir(d);
  int fd = open("/b/new", O_WRONLY | O_CREAT, 0644);
  printf("write /b/new: %s\n", fd < 0 ? strerror(errno) : "ok");
  return 0;
}
