//===- Analysis.cpp - Facts about a validated module ----------------------===//
#include "w2n/Wasm/Analysis.h"
#include "w2n/Wasm/Instr.h"

using namespace w2n::wasm;

std::vector<bool> w2n::wasm::tablesWrittenByCode(const Module &M,
                                                 const Features &F) {
  std::vector<bool> Written(M.AllTables.size(), false);
  Instr I;
  for (const Function &Fn : M.Funcs) {
    InstrReader IR(Fn.Body, Fn.BodyOffset, F);
    while (!IR.atEnd()) {
      if (!IR.next(I)) // Not valid after all: assume the worst.
        return std::vector<bool>(M.AllTables.size(), true);
      uint32_t T;
      switch (I.Op) {
      case Opcode::TableSet:
      case Opcode::TableGrow:
      case Opcode::TableFill:
      case Opcode::TableCopy: // Index: the destination.
        T = I.Index;
        break;
      case Opcode::TableInit: // Index2: the table.
        T = I.Index2;
        break;
      default:
        continue;
      }
      if (T < Written.size())
        Written[T] = true;
    }
  }
  return Written;
}
