/*===- core/memory.c - Linear memories -----------------------------------===*
 *
 * Every memory reserves its whole address range up front, so its base never
 * moves and growing is an mprotect of more pages:
 * - guard mode (32-bit, module->bounds_checks == 0): W2N_GUARD_RESERVE
 *   (abi.h: 8 GiB + 64 KiB) of PROT_NONE. Generated code computes
 *   base + zext(i32 addr) + offset with offset < 2^32, and accesses are at
 *   most 16 bytes, so no unchecked access can leave the reservation; those
 *   past `size` fault, and the fault handler turns faults inside a
 *   reservation into a trap.
 * - software mode: the declared maximum (or 4 GiB) plus W2N_MEMORY_TAIL,
 *   explicit checks in generated code: `addr + offset + n <= size`, or only
 *   `addr < size` when offset + n <= W2N_MEMORY_TAIL, since the rest of
 *   such an access can only reach the never-accessible tail and fault.
 * - memory64: always software mode, reservation capped at 16 GiB; growing
 *   beyond the reservation fails (memory.grow returns -1), which the spec
 *   allows.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <fcntl.h>
#include <link.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#define W2N_MEM32_RESERVE (4ull << 30)
#define W2N_MEM64_RESERVE (16ull << 30)
#define W2N_MEM32_PAGES 65536ull
#define W2N_MEM64_PAGES (1ull << 48)

struct memory_rt {
  w2n_memory pub; /* first: w2n_memory* and memory_rt* convert */
  w2n_instance *owner;
  struct memory_rt *next; /* list of all memories, for the fault handler */
};

static struct memory_rt *memories;
/* Guards `memories` across threads. A spin lock, not a mutex, because the
 * fault handler takes it; no fault can happen while it is held. */
static atomic_flag memories_lock = ATOMIC_FLAG_INIT;

static void lock_memories(void) {
  while (
      atomic_flag_test_and_set_explicit(&memories_lock, memory_order_acquire))
    ;
}

static void unlock_memories(void) {
  atomic_flag_clear_explicit(&memories_lock, memory_order_release);
}
static int default_guard = 1;

void w2n_set_guard_memories(int on) { default_guard = on; }
int w2n_default_guard(void) { return default_guard; }

/* Pages a memory may grow to within its reservation: all but the tail. */
static uint64_t usable_pages(uint64_t reserve, int guard) {
  return guard ? W2N_MEM32_PAGES : (reserve - W2N_MEMORY_TAIL) / W2N_PAGE_SIZE;
}

w2n_memory *w2n_memory_create(uint64_t min_pages, uint64_t max_pages,
                              int has_max, int is64, int guard) {
  uint64_t limit = is64 ? W2N_MEM64_PAGES : W2N_MEM32_PAGES;
  if (is64)
    guard = 0;
  if (min_pages > limit ||
      (has_max && (max_pages > limit || max_pages < min_pages)))
    return NULL;
  if (!has_max)
    max_pages = limit;
  uint64_t reserve;
  if (guard) {
    reserve = W2N_GUARD_RESERVE;
  } else {
    uint64_t cap =
        (is64 ? W2N_MEM64_RESERVE : W2N_MEM32_RESERVE) / W2N_PAGE_SIZE;
    reserve =
        (max_pages < cap ? max_pages : cap) * W2N_PAGE_SIZE + W2N_MEMORY_TAIL;
  }
  if (min_pages > usable_pages(reserve, guard))
    return NULL;
  struct memory_rt *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  uint8_t *base = mmap(NULL, reserve, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    free(m);
    return NULL;
  }
  uint64_t size = min_pages * W2N_PAGE_SIZE;
  if (size && mprotect(base, size, PROT_READ | PROT_WRITE) != 0) {
    munmap(base, reserve);
    free(m);
    return NULL;
  }
  m->pub.base = base;
  m->pub.size = size;
  m->pub.max_pages = max_pages;
  m->pub.reserved = reserve;
  m->pub.is64 = (uint32_t)is64;
  m->pub.guard = (uint32_t)guard;
  m->pub.has_max = (uint32_t)has_max;
  lock_memories();
  m->next = memories;
  memories = m;
  unlock_memories();
  return &m->pub;
}

w2n_memory *w2n_memory_new(uint64_t min_pages, uint64_t max_pages, int has_max,
                           int is64) {
  return w2n_memory_create(min_pages, max_pages, has_max, is64, default_guard);
}

void w2n_memory_set_owner(w2n_memory *mem, w2n_instance *owner) {
  ((struct memory_rt *)mem)->owner = owner;
}

void w2n_memory_free(w2n_memory *mem) {
  if (!mem)
    return;
  struct memory_rt *m = (struct memory_rt *)mem;
  lock_memories();
  for (struct memory_rt **p = &memories; *p; p = &(*p)->next)
    if (*p == m) {
      *p = m->next;
      break;
    }
  unlock_memories();
  munmap(mem->base, mem->reserved);
  free(m);
}

int w2n_guard_lookup(uintptr_t addr, w2n_instance **owner) {
  /* Generated code reaches past `size` only by faulting: in guard mode
   * anywhere in the reservation, in software mode only in the tail. */
  int found = 0;
  lock_memories();
  for (struct memory_rt *m = memories; m; m = m->next) {
    uintptr_t base = (uintptr_t)m->pub.base;
    if (addr >= base && addr - base < m->pub.reserved) {
      *owner = m->owner;
      found = 1;
      break;
    }
  }
  unlock_memories();
  return found;
}

static int64_t grow(w2n_memory *m, uint64_t delta) {
  uint64_t old = m->size / W2N_PAGE_SIZE;
  if (delta > m->max_pages - old ||
      delta > usable_pages(m->reserved, (int)m->guard) - old)
    return -1;
  if (delta == 0)
    return (int64_t)old;
  uint64_t bytes = delta * W2N_PAGE_SIZE;
  if (mprotect(m->base + m->size, bytes, PROT_READ | PROT_WRITE) != 0)
    return -1;
  m->size += bytes;
  return (int64_t)old;
}

int64_t w2n_memory_grow(w2n_instance *ctx, uint32_t mem, uint64_t delta_pages) {
  return grow(ctx->memories[mem], delta_pages);
}

/* [addr, addr+n) lies within size, without overflow. */
static int in_bounds(uint64_t addr, uint64_t n, uint64_t size) {
  return n <= size && addr <= size - n;
}

void *w2n_mem_range(w2n_instance *ctx, uint32_t mem, uint64_t addr,
                    uint64_t len) {
  if (!ctx || !ctx->module || mem >= ctx->module->num_memories)
    return NULL;
  w2n_memory *m = ctx->memories[mem];
  return in_bounds(addr, len, m->size) ? m->base + addr : NULL;
}

void w2n_memory_fill(w2n_instance *ctx, uint32_t mem, uint64_t dst,
                     uint32_t value, uint64_t n) {
  w2n_memory *m = ctx->memories[mem];
  if (!in_bounds(dst, n, m->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_MEMORY, W2N_CALLER_PC());
  memset(m->base + dst, (int)(value & 0xff), n);
}

void w2n_memory_copy(w2n_instance *ctx, uint32_t dst_mem, uint32_t src_mem,
                     uint64_t dst, uint64_t src, uint64_t n) {
  w2n_memory *d = ctx->memories[dst_mem], *s = ctx->memories[src_mem];
  if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_MEMORY, W2N_CALLER_PC());
  memmove(d->base + dst, s->base + src, n);
}

/* Segments at least this long are worth mapping instead of copying. */
#define W2N_MAP_MIN (64u << 10)

struct exe_range {
  uintptr_t addr, len;
  off_t offset; /* file offset of addr, or -1 */
};

static int find_in_exe(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  struct exe_range *r = arg;
  for (size_t i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && r->addr >= lo &&
        r->addr - lo + r->len <= ph->p_filesz)
      r->offset = (off_t)(ph->p_offset + (r->addr - lo));
  }
  return 1; /* the first object is the executable itself */
}

/* Copies n bytes of a data segment to dst. Whole pages whose source lies in
 * the executable file are mapped from it copy-on-write instead (the compiler
 * page-aligns large segments), so a big initial image costs nothing until it
 * is touched. Replacing whole pages that the segment covers entirely is the
 * same as copying into them: every byte of such a page is overwritten. */
static void copy_segment(uint8_t *dst, const uint8_t *src, uint64_t n) {
  uintptr_t page = getauxval(AT_PAGESZ);
  uintptr_t skip = page ? (page - (uintptr_t)dst % page) % page : 0;
  if (n < W2N_MAP_MIN || !page || (uintptr_t)(src + skip) % page ||
      n - skip < page) {
    memcpy(dst, src, n);
    return;
  }
  uint64_t whole = (n - skip) / page * page;
  struct exe_range r = {(uintptr_t)(src + skip), whole, -1};
  dl_iterate_phdr(find_in_exe, &r);
  int fd = r.offset < 0 ? -1 : open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  void *p = fd < 0 ? MAP_FAILED
                   : mmap(dst + skip, whole, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_FIXED, fd, r.offset);
  if (fd >= 0)
    close(fd);
  if (p == MAP_FAILED) {
    memcpy(dst, src, n);
    return;
  }
  memcpy(dst, src, skip);
  memcpy(dst + skip + whole, src + skip + whole, n - skip - whole);
}

void w2n_memory_init(w2n_instance *ctx, uint32_t mem, uint32_t seg,
                     uint64_t dst, uint32_t src, uint32_t n) {
  w2n_memory *m = ctx->memories[mem];
  const w2n_data_desc *d = &ctx->module->datas[seg];
  uint64_t len = ctx->data_dropped[seg] ? 0 : d->size;
  if (!in_bounds(src, n, len) || !in_bounds(dst, n, m->size))
    w2n_trap_at(ctx, W2N_TRAP_OOB_MEMORY, W2N_CALLER_PC());
  if (n == 0) /* an empty segment's bytes may be NULL: no arithmetic on it */
    return;
  copy_segment(m->base + dst, d->bytes + src, n);
}

void w2n_data_drop(w2n_instance *ctx, uint32_t seg) {
  ctx->data_dropped[seg] = 1;
}
