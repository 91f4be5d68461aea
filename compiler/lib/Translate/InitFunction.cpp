//===- InitFunction.cpp - The module's w2n_module.init function -----------===//
//
// Evaluates the defined globals' initialisers into their cells, then applies
// active element segments and active data segments in order through the
// runtime (which traps when one is out of bounds), dropping each; declarative
// element segments are dropped too.
//
//===----------------------------------------------------------------------===//
#include "ModuleContext.h"
#include "w2n/Translate/FunctionEnv.h"

using namespace llvm;
using namespace w2n;
using wasm::ConstInstr;
using wasm::Opcode;

/// Emits a constant expression; global.get reads the (earlier) global's cell.
static Value *evalConst(ModuleContext &MC, FunctionEnv &FE,
                        const wasm::ConstExpr &E) {
  IRBuilder<> &B = FE.B;
  SmallVector<Value *, 4> Stack;
  auto Binary = [&](Instruction::BinaryOps Op) {
    Value *R = Stack.pop_back_val(), *L = Stack.pop_back_val();
    Stack.push_back(B.CreateBinOp(Op, L, R));
  };
  for (const ConstInstr &I : E.Instrs) {
    switch (I.Op) {
    case Opcode::I32Const:
      Stack.push_back(B.getInt32(uint32_t(I.Lo)));
      break;
    case Opcode::I64Const:
      Stack.push_back(B.getInt64(I.Lo));
      break;
    case Opcode::F32Const:
      Stack.push_back(ConstantFP::get(
          MC.C, APFloat(APFloat::IEEEsingle(), APInt(32, uint32_t(I.Lo)))));
      break;
    case Opcode::F64Const:
      Stack.push_back(ConstantFP::get(
          MC.C, APFloat(APFloat::IEEEdouble(), APInt(64, I.Lo))));
      break;
    case Opcode::V128Const:
      Stack.push_back(
          ConstantVector::get({B.getInt64(I.Lo), B.getInt64(I.Hi)}));
      break;
    case Opcode::RefNull:
      Stack.push_back(ConstantPointerNull::get(B.getPtrTy()));
      break;
    case Opcode::RefFunc:
      Stack.push_back(MC.Layout.func(B, FE.ctx(), I.Index));
      break;
    case Opcode::GlobalGet: {
      const wasm::GlobalType &GT = MC.WM.AllGlobals[I.Index];
      Value *Cell = MC.Layout.globalCell(B, FE.ctx(), I.Index);
      Stack.push_back(MC.Layout.loadGlobal(B, Cell, MC.type(GT.Type), false));
      break;
    }
    case Opcode::I32Add:
    case Opcode::I64Add:
      Binary(Instruction::Add);
      break;
    case Opcode::I32Sub:
    case Opcode::I64Sub:
      Binary(Instruction::Sub);
      break;
    case Opcode::I32Mul:
    case Opcode::I64Mul:
      Binary(Instruction::Mul);
      break;
    default:
      llvm_unreachable("not a constant instruction");
    }
  }
  return Stack.back();
}

static Value *toI64(IRBuilder<> &B, Value *V) {
  return V->getType()->isIntegerTy(64) ? V : B.CreateZExt(V, B.getInt64Ty());
}

Function *w2n::emitInitFunction(ModuleContext &MC) {
  const wasm::Module &WM = MC.WM;
  auto *FTy = FunctionType::get(Type::getVoidTy(MC.C),
                                {PointerType::get(MC.C, 0)}, false);
  Function *F = Function::Create(FTy, GlobalValue::InternalLinkage,
                                 MC.symbol("init"), MC.LM);
  MC.addCommonAttributes(F);
  BasicBlock::Create(MC.C, "entry", F);
  FunctionEnv FE(F, F->getArg(0), MC.Layout, MC.RT.Trap);
  BasicBlock *Body = BasicBlock::Create(MC.C, "body", F);
  IRBuilder<> &B = FE.B;
  B.SetInsertPoint(Body);
  Value *Ctx = FE.ctx();

  for (uint32_t K = 0; K < WM.Globals.size(); ++K) {
    uint32_t G = WM.NumImportedGlobals + K;
    Value *V = evalConst(MC, FE, WM.Globals[K].Init);
    MC.Layout.storeGlobal(B, MC.Layout.globalCell(B, Ctx, G), V);
  }
  for (uint32_t S = 0; S < WM.Elems.size(); ++S) {
    const wasm::ElemSegment &E = WM.Elems[S];
    if (E.Mode == wasm::SegmentMode::Passive)
      continue;
    if (E.Mode == wasm::SegmentMode::Active) {
      Value *Offset = toI64(B, evalConst(MC, FE, E.Offset));
      B.CreateCall(MC.RT.TableInit,
                   {Ctx, B.getInt32(E.Table), B.getInt32(S), Offset,
                    B.getInt32(0), B.getInt32(E.Items.size())});
    }
    B.CreateCall(MC.RT.ElemDrop, {Ctx, B.getInt32(S)});
  }
  for (uint32_t S = 0; S < WM.Datas.size(); ++S) {
    const wasm::DataSegment &D = WM.Datas[S];
    if (D.Mode != wasm::SegmentMode::Active)
      continue;
    Value *Offset = toI64(B, evalConst(MC, FE, D.Offset));
    B.CreateCall(MC.RT.MemoryInit,
                 {Ctx, B.getInt32(D.Memory), B.getInt32(S), Offset,
                  B.getInt32(0), B.getInt32(D.Bytes.size())});
    B.CreateCall(MC.RT.DataDrop, {Ctx, B.getInt32(S)});
  }
  B.CreateRetVoid();
  FE.finishEntry(Body);
  return F;
}
