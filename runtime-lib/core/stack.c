/*===- core/stack.c - The runtime-owned stack Wasm code runs on ----------===*
 *
 * Layout, from low to high addresses:
 *   [guard zone, PROT_NONE][margin][usable stack ........][top]
 * Generated code traps when its frame address drops below stack_limit =
 * low end of the stack + margin, so runtime and host calls made from near
 * the limit still have the margin to run in. Frames bigger than the margin
 * are probed page by page and reach the guard zone, where the fault handler
 * reports "call stack exhausted".
 *
 * Every thread has its own stack. An instance with a stack size of its own
 * gets a limit that leaves it that many bytes below the top; the thread's
 * stack grows (is mapped anew) when an instance asks for more than it has,
 * which is possible only while no Wasm code runs on it.
 *===----------------------------------------------------------------------===*/
#include "w2n/internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define W2N_STACK_DEFAULT (8ull << 20)
#define W2N_STACK_GUARD (1ull << 20)
#define W2N_STACK_MARGIN (256ull << 10)

/* Each thread that runs Wasm code gets a stack of its own on its first
 * call, freed when the thread ends (thread_ended). */
_Thread_local uint8_t *w2n_stack_top;
static _Thread_local uintptr_t guard_low, stack_low;
static _Thread_local uint64_t stack_id;
/* What an instance that does not set its own size gets: the first
 * w2n_runtime_init with a size decides, as in a single-threaded program. */
static _Atomic uint64_t default_size;
/* Ids of stacks ever mapped, so an instance can tell whether its stack
 * limit was computed for the stack it runs on (never 0). */
static _Atomic uint64_t stacks_mapped;
static pthread_key_t stack_key;
static pthread_once_t stack_key_once = PTHREAD_ONCE_INIT;

static uint64_t page_round(uint64_t size) {
  uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
  if (size == 0)
    size = atomic_load(&default_size);
  if (size == 0)
    size = W2N_STACK_DEFAULT;
  if (size < 2 * W2N_STACK_MARGIN)
    size = 2 * W2N_STACK_MARGIN;
  return (size + page - 1) & ~(page - 1);
}

static void unmap_stack(void) {
  if (!w2n_stack_top)
    return;
  munmap((void *)guard_low, (uintptr_t)w2n_stack_top - guard_low);
  w2n_stack_top = NULL;
  guard_low = stack_low = 0;
  stack_id = 0;
}

static void thread_ended(void *unused) {
  (void)unused;
  unmap_stack();
  w2n_signals_thread_end();
}

static void make_key(void) { pthread_key_create(&stack_key, thread_ended); }

/* Maps this thread's stack with `size` usable bytes (rounded). */
static void map_stack(uint64_t size) {
  uint8_t *p = mmap(NULL, W2N_STACK_GUARD + size, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED ||
      mprotect(p + W2N_STACK_GUARD, size, PROT_READ | PROT_WRITE) != 0) {
    fprintf(stderr, "%s: error: cannot map a %llu-byte Wasm stack\n",
            w2n_program_name(), (unsigned long long)size);
    _exit(1);
  }
  guard_low = (uintptr_t)p;
  stack_low = guard_low + W2N_STACK_GUARD;
  w2n_stack_top = p + W2N_STACK_GUARD + size;
  stack_id = atomic_fetch_add(&stacks_mapped, 1) + 1;
  pthread_once(&stack_key_once, make_key);
  /* Any non-NULL value: the destructor runs only for those. */
  pthread_setspecific(stack_key, w2n_stack_top);
}

void w2n_stack_init(uint64_t size) {
  uint64_t none = 0;
  if (size)
    atomic_compare_exchange_strong(&default_size, &none, size);
  if (!w2n_stack_top)
    map_stack(page_round(0));
}

void w2n_stack_reserve(uint64_t size) {
  size = page_round(size);
  if (w2n_stack_top && (uintptr_t)w2n_stack_top - stack_low >= size)
    return;
  unmap_stack();
  map_stack(size);
}

uint64_t w2n_stack_id(void) { return stack_id; }

uintptr_t w2n_stack_limit(void) {
  return stack_low ? stack_low + W2N_STACK_MARGIN : 0;
}

uintptr_t w2n_stack_limit_for(uint64_t size) {
  if (!stack_low)
    return 0;
  size = page_round(size);
  uintptr_t top = (uintptr_t)w2n_stack_top;
  if (top - stack_low <= size)
    return stack_low + W2N_STACK_MARGIN;
  return top - size + W2N_STACK_MARGIN;
}

int w2n_stack_guard_contains(uintptr_t addr) {
  return addr >= guard_low && addr < stack_low;
}

/* w2n_switch_stack(arg, fn, top): saves the frame pointer and return address
 * on the current stack, moves the stack pointer to `top` (16-byte aligned),
 * calls fn(arg), and restores. The old stack pointer lives in the frame
 * pointer, a callee-saved register, across the call; the CFI describes the
 * frame through it so debuggers unwind from Wasm frames to the caller. */
#if defined(__x86_64__)
__asm__(".text\n"
        ".globl w2n_switch_stack\n"
        ".hidden w2n_switch_stack\n"
        ".type w2n_switch_stack,@function\n"
        "w2n_switch_stack:\n"
        "  .cfi_startproc\n"
        "  pushq %rbp\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset %rbp, -16\n"
        "  movq %rsp, %rbp\n"
        "  .cfi_def_cfa_register %rbp\n"
        "  movq %rdx, %rsp\n"
        "  callq *%rsi\n"
        "  movq %rbp, %rsp\n"
        "  popq %rbp\n"
        "  .cfi_def_cfa %rsp, 8\n"
        "  retq\n"
        "  .cfi_endproc\n"
        ".size w2n_switch_stack, .-w2n_switch_stack\n");
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl w2n_switch_stack\n"
        ".hidden w2n_switch_stack\n"
        ".type w2n_switch_stack,%function\n"
        ".p2align 2\n"
        "w2n_switch_stack:\n"
        "  .cfi_startproc\n"
        "  stp x29, x30, [sp, #-16]!\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset x30, -8\n"
        "  .cfi_offset x29, -16\n"
        "  mov x29, sp\n"
        "  .cfi_def_cfa x29, 16\n"
        "  mov sp, x2\n"
        "  blr x1\n"
        "  mov sp, x29\n"
        "  .cfi_def_cfa sp, 16\n"
        "  ldp x29, x30, [sp], #16\n"
        "  .cfi_def_cfa_offset 0\n"
        "  .cfi_restore x30\n"
        "  .cfi_restore x29\n"
        "  ret\n"
        "  .cfi_endproc\n"
        ".size w2n_switch_stack, .-w2n_switch_stack\n");
#elif defined(__riscv) && __riscv_xlen == 64
__asm__(".text\n"
        ".globl w2n_switch_stack\n"
        ".hidden w2n_switch_stack\n"
        ".type w2n_switch_stack,@function\n"
        ".p2align 1\n"
        "w2n_switch_stack:\n"
        "  .cfi_startproc\n"
        "  addi sp, sp, -16\n"
        "  .cfi_def_cfa_offset 16\n"
        "  sd ra, 8(sp)\n"
        "  sd s0, 0(sp)\n"
        "  .cfi_offset ra, -8\n"
        "  .cfi_offset s0, -16\n"
        "  mv s0, sp\n"
        "  .cfi_def_cfa s0, 16\n"
        "  mv sp, a2\n"
        "  jalr a1\n"
        "  mv sp, s0\n"
        "  .cfi_def_cfa sp, 16\n"
        "  ld s0, 0(sp)\n"
        "  ld ra, 8(sp)\n"
        "  .cfi_restore s0\n"
        "  .cfi_restore ra\n"
        "  addi sp, sp, 16\n"
        "  .cfi_def_cfa_offset 0\n"
        "  ret\n"
        "  .cfi_endproc\n"
        ".size w2n_switch_stack, .-w2n_switch_stack\n");
#else
#error "w2n_switch_stack: unsupported architecture"
#endif
