/*===- wasi/wasi_abi.h - wasi_snapshot_preview1 constants and layouts ------===*
 *
 * The numbers of the preview 1 ABI as the guest sees them, from the witx
 * definitions. Only <stdint.h>: test/wasi/abi-constants.test compiles this
 * header for wasm32-wasi next to wasi-libc's <wasi/api.h> and checks that
 * every value and offset agrees.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_WASI_ABI_H
#define W2N_WASI_ABI_H

#include <stdint.h>

/* errno */
#define WASI_ESUCCESS 0
#define WASI_E2BIG 1
#define WASI_EACCES 2
#define WASI_EADDRINUSE 3
#define WASI_EADDRNOTAVAIL 4
#define WASI_EAFNOSUPPORT 5
#define WASI_EAGAIN 6
#define WASI_EALREADY 7
#define WASI_EBADF 8
#define WASI_EBADMSG 9
#define WASI_EBUSY 10
#define WASI_ECANCELED 11
#define WASI_ECHILD 12
#define WASI_ECONNABORTED 13
#define WASI_ECONNREFUSED 14
#define WASI_ECONNRESET 15
#define WASI_EDEADLK 16
#define WASI_EDESTADDRREQ 17
#define WASI_EDOM 18
#define WASI_EDQUOT 19
#define WASI_EEXIST 20
#define WASI_EFAULT 21
#define WASI_EFBIG 22
#define WASI_EHOSTUNREACH 23
#define WASI_EIDRM 24
#define WASI_EILSEQ 25
#define WASI_EINPROGRESS 26
#define WASI_EINTR 27
#define WASI_EINVAL 28
#define WASI_EIO 29
#define WASI_EISCONN 30
#define WASI_EISDIR 31
#define WASI_ELOOP 32
#define WASI_EMFILE 33
#define WASI_EMLINK 34
#define WASI_EMSGSIZE 35
#define WASI_EMULTIHOP 36
#define WASI_ENAMETOOLONG 37
#define WASI_ENETDOWN 38
#define WASI_ENETRESET 39
#define WASI_ENETUNREACH 40
#define WASI_ENFILE 41
#define WASI_ENOBUFS 42
#define WASI_ENODEV 43
#define WASI_ENOENT 44
#define WASI_ENOEXEC 45
#define WASI_ENOLCK 46
#define WASI_ENOLINK 47
#define WASI_ENOMEM 48
#define WASI_ENOMSG 49
#define WASI_ENOPROTOOPT 50
#define WASI_ENOSPC 51
#define WASI_ENOSYS 52
#define WASI_ENOTCONN 53
#define WASI_ENOTDIR 54
#define WASI_ENOTEMPTY 55
#define WASI_ENOTRECOVERABLE 56
#define WASI_ENOTSOCK 57
#define WASI_ENOTSUP 58
#define WASI_ENOTTY 59
#define WASI_ENXIO 60
#define WASI_EOVERFLOW 61
#define WASI_EOWNERDEAD 62
#define WASI_EPERM 63
#define WASI_EPIPE 64
#define WASI_EPROTO 65
#define WASI_EPROTONOSUPPORT 66
#define WASI_EPROTOTYPE 67
#define WASI_ERANGE 68
#define WASI_EROFS 69
#define WASI_ESPIPE 70
#define WASI_ESRCH 71
#define WASI_ESTALE 72
#define WASI_ETIMEDOUT 73
#define WASI_ETXTBSY 74
#define WASI_EXDEV 75
#define WASI_ENOTCAPABLE 76

/* rights */
#define WASI_RIGHT_FD_DATASYNC (UINT64_C(1) << 0)
#define WASI_RIGHT_FD_READ (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_SEEK (UINT64_C(1) << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS (UINT64_C(1) << 3)
#define WASI_RIGHT_FD_SYNC (UINT64_C(1) << 4)
#define WASI_RIGHT_FD_TELL (UINT64_C(1) << 5)
#define WASI_RIGHT_FD_WRITE (UINT64_C(1) << 6)
#define WASI_RIGHT_FD_ADVISE (UINT64_C(1) << 7)
#define WASI_RIGHT_FD_ALLOCATE (UINT64_C(1) << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY (UINT64_C(1) << 9)
#define WASI_RIGHT_PATH_CREATE_FILE (UINT64_C(1) << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE (UINT64_C(1) << 11)
#define WASI_RIGHT_PATH_LINK_TARGET (UINT64_C(1) << 12)
#define WASI_RIGHT_PATH_OPEN (UINT64_C(1) << 13)
#define WASI_RIGHT_FD_READDIR (UINT64_C(1) << 14)
#define WASI_RIGHT_PATH_READLINK (UINT64_C(1) << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE (UINT64_C(1) << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET (UINT64_C(1) << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET (UINT64_C(1) << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE (UINT64_C(1) << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (UINT64_C(1) << 20)
#define WASI_RIGHT_FD_FILESTAT_GET (UINT64_C(1) << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE (UINT64_C(1) << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES (UINT64_C(1) << 23)
#define WASI_RIGHT_PATH_SYMLINK (UINT64_C(1) << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY (UINT64_C(1) << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE (UINT64_C(1) << 26)
#define WASI_RIGHT_POLL_FD_READWRITE (UINT64_C(1) << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN (UINT64_C(1) << 28)
#define WASI_RIGHT_SOCK_ACCEPT (UINT64_C(1) << 29)
#define WASI_RIGHTS_ALL ((UINT64_C(1) << 30) - 1)

/* filetype */
#define WASI_FILETYPE_UNKNOWN 0
#define WASI_FILETYPE_BLOCK_DEVICE 1
#define WASI_FILETYPE_CHARACTER_DEVICE 2
#define WASI_FILETYPE_DIRECTORY 3
#define WASI_FILETYPE_REGULAR_FILE 4
#define WASI_FILETYPE_SOCKET_DGRAM 5
#define WASI_FILETYPE_SOCKET_STREAM 6
#define WASI_FILETYPE_SYMBOLIC_LINK 7

/* whence */
#define WASI_WHENCE_SET 0
#define WASI_WHENCE_CUR 1
#define WASI_WHENCE_END 2

/* advice */
#define WASI_ADVICE_NORMAL 0
#define WASI_ADVICE_SEQUENTIAL 1
#define WASI_ADVICE_RANDOM 2
#define WASI_ADVICE_WILLNEED 3
#define WASI_ADVICE_DONTNEED 4
#define WASI_ADVICE_NOREUSE 5

/* fdflags */
#define WASI_FDFLAG_APPEND (1u << 0)
#define WASI_FDFLAG_DSYNC (1u << 1)
#define WASI_FDFLAG_NONBLOCK (1u << 2)
#define WASI_FDFLAG_RSYNC (1u << 3)
#define WASI_FDFLAG_SYNC (1u << 4)

/* fstflags */
#define WASI_FSTFLAG_ATIM (1u << 0)
#define WASI_FSTFLAG_ATIM_NOW (1u << 1)
#define WASI_FSTFLAG_MTIM (1u << 2)
#define WASI_FSTFLAG_MTIM_NOW (1u << 3)

/* lookupflags */
#define WASI_LOOKUP_SYMLINK_FOLLOW (1u << 0)

/* oflags */
#define WASI_OFLAG_CREAT (1u << 0)
#define WASI_OFLAG_DIRECTORY (1u << 1)
#define WASI_OFLAG_EXCL (1u << 2)
#define WASI_OFLAG_TRUNC (1u << 3)

/* clockid */
#define WASI_CLOCK_REALTIME 0
#define WASI_CLOCK_MONOTONIC 1
#define WASI_CLOCK_PROCESS_CPUTIME 2
#define WASI_CLOCK_THREAD_CPUTIME 3

/* eventtype, eventrwflags, subclockflags */
#define WASI_EVENTTYPE_CLOCK 0
#define WASI_EVENTTYPE_FD_READ 1
#define WASI_EVENTTYPE_FD_WRITE 2
#define WASI_EVENT_FD_READWRITE_HANGUP (1u << 0)
#define WASI_SUBCLOCK_ABSTIME (1u << 0)

/* preopentype. Preview 1 defines only DIR; a granted listening socket
 * answers fd_prestat_get with this other tag so that preopen scans skip it
 * and go on to the directories after it (see fd_prestat_get). */
#define WASI_PREOPENTYPE_DIR 0
#define WASI_PREOPENTYPE_SOCKET 1

/* riflags, sdflags */
#define WASI_RIFLAG_RECV_PEEK (1u << 0)
#define WASI_RIFLAG_RECV_WAITALL (1u << 1)
#define WASI_SDFLAG_RD (1u << 0)
#define WASI_SDFLAG_WR (1u << 1)

/* Sizes and field offsets of the structures in guest memory. */
#define WASI_IOVEC_SIZE 8 /* buf u32 @0, buf_len u32 @4 */
#define WASI_DIRENT_SIZE 24
#define WASI_DIRENT_D_NEXT 0
#define WASI_DIRENT_D_INO 8
#define WASI_DIRENT_D_NAMLEN 16
#define WASI_DIRENT_D_TYPE 20
#define WASI_FDSTAT_SIZE 24
#define WASI_FDSTAT_FILETYPE 0
#define WASI_FDSTAT_FLAGS 2
#define WASI_FDSTAT_RIGHTS_BASE 8
#define WASI_FDSTAT_RIGHTS_INHERITING 16
#define WASI_FILESTAT_SIZE 64
#define WASI_FILESTAT_DEV 0
#define WASI_FILESTAT_INO 8
#define WASI_FILESTAT_FILETYPE 16
#define WASI_FILESTAT_NLINK 24
#define WASI_FILESTAT_FILESIZE 32
#define WASI_FILESTAT_ATIM 40
#define WASI_FILESTAT_MTIM 48
#define WASI_FILESTAT_CTIM 56
#define WASI_PRESTAT_SIZE 8 /* tag u8 @0, pr_name_len u32 @4 */
#define WASI_PRESTAT_NAME_LEN 4
#define WASI_SUBSCRIPTION_SIZE 48
#define WASI_SUB_USERDATA 0
#define WASI_SUB_TAG 8
#define WASI_SUB_CLOCK_ID 16
#define WASI_SUB_CLOCK_TIMEOUT 24
#define WASI_SUB_CLOCK_PRECISION 32
#define WASI_SUB_CLOCK_FLAGS 40
#define WASI_SUB_FD 16
#define WASI_EVENT_SIZE 32
#define WASI_EVENT_USERDATA 0
#define WASI_EVENT_ERROR 8
#define WASI_EVENT_TYPE 10
#define WASI_EVENT_NBYTES 16
#define WASI_EVENT_FLAGS 24

#endif
