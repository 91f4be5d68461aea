//===- Analysis.h - Facts about a validated module ------------------------===//
#ifndef W2N_WASM_ANALYSIS_H
#define W2N_WASM_ANALYSIS_H

#include "w2n/Wasm/Module.h"
#include <vector>

namespace w2n::wasm {

/// Per table index: whether an instruction of some function body may change
/// the table's elements or size (table.set, table.grow, table.fill, and
/// table.init or table.copy into it). M must be valid.
std::vector<bool> tablesWrittenByCode(const Module &M, const Features &F);

} // namespace w2n::wasm

#endif
