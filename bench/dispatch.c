/* Indirect calls through function tables: a register-machine interpreter
   whose every instruction is a call through a handler table, running a
   generated program in a loop. */
#include <stdint.h>
#include <stdio.h>

struct vm;
typedef void (*handler)(struct vm *, uint8_t, uint8_t, uint8_t);
struct vm {
  int64_t r[8];
  uint32_t pc;
};

static void op_add(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] = m->r[b] + m->r[c];
}
static void op_sub(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] = m->r[b] - m->r[c];
}
static void op_mul(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] = m->r[b] * m->r[c] + 1;
}
static void op_xor(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] = m->r[b] ^ m->r[c];
}
static void op_shr(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] = (int64_t)((uint64_t)m->r[b] >> (c & 31));
}
static void op_inc(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  m->r[a] += b + c;
}
static void op_mov(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  (void)c;
  m->r[a] = m->r[b];
}
static void op_skip(struct vm *m, uint8_t a, uint8_t b, uint8_t c) {
  (void)c;
  if ((m->r[a] & 3) == (b & 3))
    m->pc++;
}

static handler table[8] = {op_add, op_sub, op_mul, op_xor,
                           op_shr, op_inc, op_mov, op_skip};

int main(void) {
  enum { LEN = 256 };
  static uint32_t code[LEN];
  uint32_t s = 12345;
  for (int i = 0; i < LEN; i++) {
    s = s * 1103515245u + 12345u;
    code[i] = s >> 4;
  }
  struct vm m = {{1, 2, 3, 4, 5, 6, 7, 8}, 0};
  handler volatile *t = table;
  for (int rep = 0; rep < 200000; rep++) {
    for (m.pc = 0; m.pc < LEN; m.pc++) {
      uint32_t ins = code[m.pc];
      t[ins & 7](&m, (ins >> 3) & 7, (ins >> 6) & 7, (ins >> 9) & 7);
    }
  }
  uint64_t h = 0;
  for (int i = 0; i < 8; i++)
    h = h * 1000003u ^ (uint64_t)m.r[i];
  printf("dispatch checksum %016llx\n", (unsigned long long)h);
  return 0;
}
