/* A bytecode interpreter: a switch-dispatched stack machine (the shape of
   many programs shipped as Wasm) running a sieve and a counting loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
  PUSH,
  LOAD,
  STORE,
  ADD,
  SUB,
  MUL,
  LT,
  JZ,
  JMP,
  AGET,
  ASET,
  DUP,
  POP,
  HALT
};

static int64_t run(const int32_t *code, int64_t *mem, int64_t *stack) {
  int pc = 0, sp = 0;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
    case PUSH:
      stack[sp++] = code[pc++];
      break;
    case LOAD:
      stack[sp++] = mem[code[pc++]];
      break;
    case STORE:
      mem[code[pc++]] = stack[--sp];
      break;
    case ADD:
      sp--;
      stack[sp - 1] += stack[sp];
      break;
    case SUB:
      sp--;
      stack[sp - 1] -= stack[sp];
      break;
    case MUL:
      sp--;
      stack[sp - 1] *= stack[sp];
      break;
    case LT:
      sp--;
      stack[sp - 1] = stack[sp - 1] < stack[sp];
      break;
    case JZ:
      pc = stack[--sp] ? pc + 1 : code[pc];
      break;
    case JMP:
      pc = code[pc];
      break;
    case AGET:
      stack[sp - 1] = mem[16 + stack[sp - 1]];
      break;
    case ASET:
      sp -= 2;
      mem[16 + stack[sp]] = stack[sp + 1];
      break;
    case DUP:
      stack[sp] = stack[sp - 1];
      sp++;
      break;
    case POP:
      sp--;
      break;
    case HALT:
      return stack[sp - 1];
    }
  }
}

#define LIMIT 20000

int main(void) {
  /* mem[0] = i, mem[1] = j, mem[2] = count, mem[16..] = sieve flags.
     for i in 2..LIMIT: if !flag[i]: count++; for j = i*i; j < LIMIT; j += i:
     flag[j] = 1 */
  int32_t code[] = {
      PUSH, 2,  STORE, 0,                       /* 0: i = 2 */
      LOAD, 0,  PUSH,  LIMIT, LT,    JZ,    57, /* 4: while i < LIMIT */
      LOAD, 0,  AGET,  JZ,    19,               /* 11: if flag[i] skip */
      JMP,  50, 0,                              /* 16 */
      LOAD, 2,  PUSH,  1,     ADD,   STORE, 2,  /* 19: count++ */
      LOAD, 0,  DUP,   MUL,   STORE, 1,         /* 26: j = i*i */
      LOAD, 1,  PUSH,  LIMIT, LT,    JZ,    50, /* 32: while j < LIMIT */
      LOAD, 1,  PUSH,  1,     ASET,             /* 39: flag[j] = 1 */
      LOAD, 1,  LOAD,  0,     ADD,   STORE, 1,  /* 44: j += i  (ends 51) */
  };
  /* Patch in the jumps after the j loop body, which the table above cannot
     hold in one literal without counting by hand. */
  int32_t prog[80];
  int n = 0;
  for (unsigned k = 0; k < sizeof code / sizeof code[0]; k++)
    prog[n++] = code[k];
  int jloop_end = n;
  prog[n++] = JMP;
  prog[n++] = 32;
  int iloop_next = n;
  prog[n++] = LOAD;
  prog[n++] = 0;
  prog[n++] = PUSH;
  prog[n++] = 1;
  prog[n++] = ADD;
  prog[n++] = STORE;
  prog[n++] = 0;
  prog[n++] = JMP;
  prog[n++] = 4;
  int done = n;
  prog[n++] = LOAD;
  prog[n++] = 2;
  prog[n++] = HALT;
  prog[10] = done;
  prog[17] = iloop_next;
  prog[38] = iloop_next;
  (void)jloop_end;

  int64_t *mem = malloc(sizeof(int64_t) * (16 + LIMIT));
  int64_t stack[64];
  int64_t total = 0;
  for (int rep = 0; rep < 25; rep++) {
    for (int i = 0; i < 16 + LIMIT; i++)
      mem[i] = 0;
    total += run(prog, mem, stack);
  }
  printf("interp primes %lld\n", (long long)total);
  return 0;
}
