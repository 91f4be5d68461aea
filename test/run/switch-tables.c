// Proves switch statements lowered to br_table pick the right arm for every
// selector: dense tables, tables with holes and a default, out-of-range and
// negative selectors, fallthrough chains, and a switch-driven interpreter.
// RUN: %clang -O2 %s -lm -o %t.native
// RUN: %wasi-cc -O2 %s -lm -o %t.wasm
// RUN: %wasm2native -O2 --bounds-checks=guard %t.wasm -o %t.guard
// RUN: %wasm2native -O2 --bounds-checks=software %t.wasm -o %t.soft
// RUN: %compare --native %t.native --wasm %t.guard --wasm %t.soft
#include <stdint.h>
#include <stdio.h>

static __attribute__((noinline)) int dense(int x) {
  switch (x) {
  case 0: return 11;
  case 1: return 23;
  case 2: return 5;
  case 3: return 97;
  case 4: return -4;
  case 5: return 1000;
  case 6: return 61;
  case 7: return 77;
  case 8: return 8;
  case 9: return -99;
  case 10: return 310;
  case 11: return 42;
  default: return -1;
  }
}

static __attribute__((noinline)) const char *holes(unsigned x) {
  switch (x) {
  case 1: return "one";
  case 2: return "two";
  case 4: return "four";
  case 8: return "eight";
  case 9: return "nine";
  case 13: return "thirteen";
  case 15: return "fifteen";
  case 1000000: return "million";
  case 0xffffffffu: return "max";
  default: return "other";
  }
}

static __attribute__((noinline)) int fallthrough(int x) {
  int acc = 0;
  switch (x) {
  case 0: acc += 1; /* fallthrough */
  case 1: acc += 10; /* fallthrough */
  case 2: acc += 100; break;
  case 3: acc += 1000; /* fallthrough */
  case 4: acc += 10000; /* fallthrough */
  default: acc += 100000;
  }
  return acc;
}

enum op { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT };

static void run(const int *code) {
  int64_t stack[64];
  int sp = 0, pc = 0, steps = 0;
  for (;;) {
    steps++;
    switch ((enum op)code[pc++]) {
    case PUSH: stack[sp++] = code[pc++]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
    case JNZ: { int target = code[pc++]; if (stack[--sp]) pc = target; break; }
    case DEC: stack[sp - 1]--; break;
    case PRINT: printf("vm: %lld\n", (long long)stack[sp - 1]); break;
    case HALT: printf("vm halted after %d steps\n", steps); return;
    }
  }
}

int main(void) {
  for (int i = -3; i < 16; i++)
    printf("dense(%d)=%d fallthrough(%d)=%d\n", i, dense(i), i, fallthrough(i));
  unsigned probes[] = {0, 1, 2, 3, 4, 8, 9, 10, 13, 15, 16, 999999, 1000000, 0xfffffffeu,
                       0xffffffffu, 0x80000000u};
  for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++)
    printf("holes(%u)=%s\n", probes[i], holes(probes[i]));
  /* (3*7)*2-5, then count 10 down to 0 */
  static const int mul[] = {PUSH, 3, PUSH, 7, MUL, DUP, ADD, PUSH, 5, SUB, PRINT,
                            PUSH, 10, /* 13 */ DEC, DUP, JNZ, 13, PRINT, HALT};
  run(mul);
  uint32_t h = 0;
  for (int i = 0; i < 100000; i++)
    h = h * 31 + (uint32_t)dense(i % 17) + (uint32_t)fallthrough(i % 7);
  printf("hash %u\n", h);
  return 0;
}
