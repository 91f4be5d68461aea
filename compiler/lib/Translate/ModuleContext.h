//===- ModuleContext.h - State shared by the translation of one module ----===//
#ifndef W2N_TRANSLATE_MODULECONTEXT_H
#define W2N_TRANSLATE_MODULECONTEXT_H

#include "w2n/Translate/InstanceLayout.h"
#include "w2n/Translate/MemoryStrategy.h"
#include "w2n/Translate/Translator.h"
#include "w2n/Wasm/Module.h"
#include "llvm/IR/Module.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace w2n {

class DebugInfo;

/// Declarations of the runtime entry points of abi.h.
struct RuntimeFunctions {
  llvm::FunctionCallee Trap, TrapDetail, TrapForCaller, TrapStack, MemoryGrow,
      MemoryFill, MemoryCopy, MemoryInit, DataDrop, TableGrow, TableFill,
      TableCopy, TableInit, ElemDrop, ExnNew, ExnFree;
};

class ModuleContext {
public:
  ModuleContext(const wasm::Module &WM, llvm::Module &LM,
                const TranslateOptions &Opts);

  const wasm::Module &WM;
  llvm::Module &LM;
  llvm::LLVMContext &C;
  const TranslateOptions &Opts;
  InstanceLayout Layout;
  RuntimeFunctions RT;

  /// The native types of NativeAbi.h, in this module's context.
  /// The LLVM type of a Wasm value (v128 is <2 x i64>, references are ptr).
  llvm::Type *type(wasm::ValType T) const;
  /// void, the single result's type, or a literal struct of the results.
  llvm::Type *resultType(llvm::ArrayRef<wasm::ValType> Results) const;
  /// The native convention of abi.h: R f(ctx, params...).
  llvm::FunctionType *nativeType(const wasm::FuncType &FT) const;
  llvm::FunctionType *nativeType(uint32_t TypeIndex) const {
    return nativeType(WM.Types[TypeIndex]);
  }

  /// Protection for accesses to memory index Mem.
  MemoryStrategy &memoryStrategy(uint32_t Mem) const;
  bool isMemory64(uint32_t Mem) const { return WM.AllMemories[Mem].Lim.Is64; }
  bool isTable64(uint32_t T) const { return WM.AllTables[T].Lim.Is64; }

  /// The LLVM function of a defined function, by function index. It uses
  /// InternalCC; entryPoint() gives the native-convention entry (the same
  /// function unless tail calls need a different internal convention).
  ///
  /// In a partition (Part set) both are declared on first use, with hidden
  /// external linkage, so each partition holds only the declarations it
  /// refers to.
  llvm::Function *definedFunction(uint32_t FuncIndex) const {
    llvm::Function *&F = Defined[FuncIndex - WM.NumImportedFuncs];
    if (!F)
      F = declareFunction(FuncIndex - WM.NumImportedFuncs);
    return F;
  }
  llvm::Function *entryPoint(uint32_t FuncIndex) const {
    if (InternalCC == llvm::CallingConv::C)
      return definedFunction(FuncIndex);
    llvm::Function *&F = Entries[FuncIndex - WM.NumImportedFuncs];
    if (!F)
      F = declareEntry(FuncIndex - WM.NumImportedFuncs);
    return F;
  }
  llvm::CallingConv::ID InternalCC;

  /// Per function index: the internal (tailcc) function of a defined
  /// function, null for imports. return_call_indirect uses it to reach a
  /// callee of this very instance with a guaranteed tail call.
  llvm::GlobalVariable *tailCallTable();

  /// call_indirect through a table whose elements are fixed at
  /// instantiation: defined here, neither exported nor written by any
  /// instruction, filled by active segments with constant offsets and
  /// functions of this module. Callees holds one callee per element for
  /// type TypeIndex, all taking this instance's context and InternalCC: the
  /// function when its type matches, else a stub that traps with
  /// "indirect call type mismatch", or, for a null element, with
  /// "uninitialized element N". A table with more than 64 null elements
  /// gets null callees instead of those stubs (NullChecked), and IsNull
  /// (i8 per element) tells the two kinds of null apart. Callees is null
  /// when the table does not qualify.
  struct DispatchArray {
    llvm::GlobalVariable *Callees = nullptr, *IsNull = nullptr;
    uint64_t Size = 0;
    bool NullChecked = false;
    /// Callees holds i32 offsets from its start (Opts.RelativeArrays).
    bool Relative = false;
  };
  DispatchArray dispatchArray(uint32_t Table, uint32_t TypeIndex);
  /// The initialiser entries of an [N x i32] Array whose entry k is
  /// Targets[k] minus Array's address (0 for a null target), as
  /// llvm.load.relative reads them: no load-time relocation each.
  std::vector<llvm::Constant *>
  relativeEntries(llvm::GlobalVariable *Array,
                  llvm::ArrayRef<llvm::Constant *> Targets);

  /// Whether a call of function FuncIndex may return with a pending
  /// exception: imports may; a defined function may if it throws, calls an
  /// import or through a table, or calls a function that may.
  bool mayThrow(uint32_t FuncIndex);

  /// The runtime's w2n_exn_pending (abi.h).
  llvm::GlobalVariable *exnPending();
  /// Creates the functions of all defined functions (bodies come later).
  void declareFunctions();
  /// Translating one partition of a module (translatePartition): the
  /// partition's functions are created in order, the others on first use.
  void declarePartition(const PartitionSpec &P);
  const PartitionSpec *Part = nullptr;
  /// Attributes every generated function gets.
  void addCommonAttributes(llvm::Function *F) const;

  std::string symbol(const llvm::Twine &Name) const {
    return (Opts.SymbolPrefix + Name).str();
  }

  /// With -g (DebugInfo.h), else null.
  DebugInfo *Debug = nullptr;

private:
  std::vector<bool> MayThrow; ///< Per function index, once computed.

  /// The symbol of defined function I (0-based among defined functions).
  std::string functionName(uint32_t I) const;
  llvm::Function *declareFunction(uint32_t I) const;
  llvm::Function *declareEntry(uint32_t I) const;

  struct FixedTable {
    bool Fixed = false;
    std::vector<int64_t> Slots; ///< Function index per element, -1: null.
  };
  const FixedTable &fixedTable(uint32_t Table);
  llvm::Function *trapStub(uint32_t TypeIndex, uint32_t Code, int64_t Detail);

  mutable std::vector<llvm::Function *> Defined, Entries;
  std::vector<std::optional<FixedTable>> FixedTables;
  std::optional<std::vector<bool>> TablesWritten;
  std::map<std::pair<uint32_t, uint32_t>, DispatchArray> DispatchArrays;
  std::map<std::tuple<uint32_t, uint32_t, int64_t>, llvm::Function *> TrapStubs;
  llvm::GlobalVariable *TailCallTable = nullptr;
  MemoryStrategies Strategies;
};

/// Translates the body of defined function FuncIndex into its function.
llvm::Error translateFunction(ModuleContext &MC, uint32_t FuncIndex);
/// Emits the native-convention entry points of defined functions when the
/// internal convention differs (tail calls).
void emitEntryPoints(ModuleContext &MC);
/// Emits the init function of abi.h's w2n_module.init.
llvm::Function *emitInitFunction(ModuleContext &MC);
/// Emits the module descriptor, with the invoke thunks it points to.
void emitDescriptor(ModuleContext &MC, llvm::Function *Init);

} // namespace w2n

#endif
