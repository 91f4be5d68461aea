//===- EmbedHeader.cpp - The C header of a module compiled as a library ---===//
//
// `--emit-header` writes a header declaring the module's descriptor, a
// constructor, one typed wrapper per exported function and, per imported
// function, the C type its host function must have. Wrappers reach the
// export through `inst->funcs[index]` (abi.h), not by name, and return a
// trap through their last parameter (w2n/embed.h).
//
// Wasm names are arbitrary bytes chosen by whoever wrote the module, so none
// reaches the header verbatim: comments and string literals escape every
// byte outside a small safe set, and identifiers follow a rule that depends
// only on the name set (see docs/embedding.md, "The generated header").
//
//===----------------------------------------------------------------------===//

#include "w2n/CodeGen/CodeGen.h"
#include "w2n/Translate/NativeAbi.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;
using namespace w2n;

std::string w2n::cIdentifier(StringRef Name) {
  std::string S;
  for (char Ch : Name)
    S += isAlnum(Ch) || Ch == '_' ? Ch : '_';
  if (S.empty() || isDigit(S[0]))
    S.insert(S.begin(), '_');
  return S;
}

/// Name inside a /* */ comment: bytes that could end the comment, start an
/// escape, a trigraph or a line continuation, control and non-ASCII bytes
/// are written as \xHH, so the comment is one line and stays a comment.
static std::string commentText(StringRef Name) {
  std::string S;
  for (unsigned char Ch : Name) {
    if (isAlnum(Ch) || StringRef(" _-.,:;=+@#$%^&()[]{}<>!~|'`").contains(Ch))
      S += Ch;
    else
      S += "\\x" + utohexstr(Ch, /*LowerCase=*/true, /*Width=*/2);
  }
  return S;
}

namespace {
/// A name to give a C identifier: `Plain` is the identifier it gets when
/// it is usable as it is (empty when not), `Key` the full name it stands
/// for, hashed otherwise.
struct Naming {
  std::string Key;
  std::string Plain;
  std::string Stem; ///< Readable part of a hashed identifier.
};
} // namespace

/// Identifiers for Names, in their order: a plain one where it exists and
/// no other name claims the same identifier; otherwise the stem, '_' and
/// the first 8 hex digits of the full name's xxh3-64 hash, or all 16 when
/// even that collides. Only the set of names matters, not their order.
static std::vector<std::string> identifiers(ArrayRef<Naming> Names) {
  auto Hashed = [](const Naming &N, unsigned Digits) {
    uint64_t H = xxh3_64bits(arrayRefFromStringRef(N.Key));
    return N.Stem + '_' + utohexstr(H >> (64 - 4 * Digits), true, Digits);
  };
  std::vector<std::string> Ids;
  for (const Naming &N : Names)
    Ids.push_back(N.Plain.empty() ? Hashed(N, 8) : N.Plain);
  StringMap<unsigned> Count;
  for (const std::string &Id : Ids)
    ++Count[Id];
  for (size_t I = 0; I < Ids.size(); ++I)
    if (Count[Ids[I]] > 1)
      Ids[I] = Hashed(Names[I], 16);
  return Ids;
}

/// The letters and digits of Name's first 32 bytes, each run of other
/// bytes as one '_', none at either end ("x" when nothing is left): never
/// "__", which C++ reserves.
static std::string stem(StringRef Name) {
  std::string S;
  for (char Ch : Name.take_front(32)) {
    if (isAlnum(Ch))
      S += Ch;
    else if (!S.empty() && S.back() != '_')
      S += '_';
  }
  if (!S.empty() && S.back() == '_')
    S.pop_back();
  return S.empty() ? "x" : S;
}

/// Name without its leading '_'s when what is left can stand in a C
/// identifier after a '_' as it is: letters, digits and single '_'s, not at
/// the end, at most 64 bytes; otherwise "".
static std::string plainPart(StringRef Name) {
  Name = Name.ltrim('_');
  if (Name.empty() || Name.size() > 64 || Name.contains("__") ||
      Name.ends_with("_") ||
      !all_of(Name, [](char Ch) { return isAlnum(Ch) || Ch == '_'; }))
    return "";
  return Name.str();
}

/// The plain identifier of an export: its plain part unless that is the
/// constructor's ("new") or could be an import helper's ("import_...").
static std::string plainExportName(StringRef Name) {
  std::string P = plainPart(Name);
  if (P == "new" || StringRef(P).starts_with("import_"))
    return "";
  return P;
}

/// The plain identifier of an import, "MODULE_NAME" from the plain parts,
/// unless one has none or it ends like a typedef's name ("_fn").
static std::string plainImportName(StringRef Module, StringRef Name) {
  std::string M = plainPart(Module), N = plainPart(Name);
  if (M.empty() || N.empty() || StringRef(N).ends_with("_fn"))
    return "";
  return M + '_' + N;
}

/// A C string literal holding Name's bytes: every byte outside a safe set
/// (quotes, '\\', '?' of trigraphs, control and non-ASCII bytes) is a
/// three-digit octal escape, which cannot swallow the byte after it.
static std::string cString(StringRef Name) {
  std::string S = "\"";
  for (unsigned char Ch : Name) {
    if (isAlnum(Ch) || StringRef(" _-.,:;=+@#$%^&()[]{}<>!~|'`/*").contains(Ch))
      S += Ch;
    else
      S += "\\" + std::string(1, '0' + (Ch >> 6)) +
           std::string(1, '0' + ((Ch >> 3) & 7)) +
           std::string(1, '0' + (Ch & 7));
  }
  return S + '"';
}

/// The C type of a value type, and the w2n_val member holding it; null for
/// types the wrappers do not handle (v128, references).
static const char *cType(wasm::ValType T) {
  switch (T) {
  case wasm::ValType::I32:
    return "int32_t";
  case wasm::ValType::I64:
    return "int64_t";
  case wasm::ValType::F32:
    return "float";
  case wasm::ValType::F64:
    return "double";
  default:
    return nullptr;
  }
}

static const char *valField(wasm::ValType T) {
  switch (T) {
  case wasm::ValType::I32:
    return "i32";
  case wasm::ValType::I64:
    return "i64";
  case wasm::ValType::F32:
    return "f32";
  default:
    return "f64";
  }
}

static bool wrappable(const wasm::FuncType &FT) {
  if (FT.Results.size() > 1)
    return false;
  for (wasm::ValType T : FT.Params)
    if (!cType(T))
      return false;
  return FT.Results.empty() || cType(FT.Results[0]);
}

static void emitWrapper(raw_ostream &OS, StringRef Prefix, StringRef CName,
                        const wasm::Export &E, const wasm::FuncType &FT) {
  const char *Ret = FT.Results.empty() ? "void" : cType(FT.Results[0]);
  OS << "/* export \"" << commentText(E.Name) << "\" */\n"
     << "static inline " << Ret << ' ' << Prefix << '_' << CName
     << "(w2n_instance *inst";
  for (size_t I = 0; I < FT.Params.size(); ++I)
    OS << ", " << cType(FT.Params[I]) << " p" << I;
  OS << ", uint32_t *trap) {\n";
  size_t N = std::max<size_t>(1, std::max(FT.Params.size(), FT.Results.size()));
  OS << "  w2n_val v[" << N << "];\n";
  for (size_t I = 0; I < FT.Params.size(); ++I)
    OS << "  v[" << I << "]." << valField(FT.Params[I]) << " = p" << I << ";\n";
  OS << "  uint32_t t = w2n_embed_trap_out(w2n_call(inst->funcs[" << E.Index
     << "], v), trap);\n";
  if (FT.Results.empty())
    OS << "  (void)t;\n";
  else
    OS << "  return t ? 0 : v[0]." << valField(FT.Results[0]) << ";\n";
  OS << "}\n\n";
}

/// Per function import, the C type its host function must have and a
/// helper that makes its w2n_host_function from a function of that type, so
/// the C compiler checks the host's function against the import.
static void emitImports(raw_ostream &OS, const wasm::Module &M,
                        StringRef Prefix) {
  std::vector<const wasm::Import *> Funcs;
  std::vector<Naming> Names;
  for (const wasm::Import &I : M.Imports) {
    if (I.Kind != wasm::ExternKind::Func)
      continue;
    Funcs.push_back(&I);
    // The NUL cannot occur in a module name's UTF-8, so keys of different
    // (module, name) pairs differ.
    Names.push_back({I.Module + '\0' + I.Name,
                     plainImportName(I.Module, I.Name),
                     stem(I.Module + '_' + I.Name)});
  }
  std::vector<std::string> Ids = identifiers(Names);
  for (size_t K = 0; K < Funcs.size(); ++K) {
    const wasm::Import &I = *Funcs[K];
    const wasm::FuncType &FT = M.Types[I.FuncTypeIndex];
    OS << "/* import \"" << commentText(I.Module) << "\".\""
       << commentText(I.Name) << "\" */\n";
    if (!wrappable(FT)) {
      OS << "/* v128, reference or multi-value signature: supply it with a "
            "w2n_host_function by hand. */\n\n";
      continue;
    }
    std::string Fn = (Prefix + "_import_" + Ids[K]).str();
    OS << "typedef " << (FT.Results.empty() ? "void" : cType(FT.Results[0]))
       << ' ' << Fn << "_fn(w2n_caller *caller";
    for (size_t P = 0; P < FT.Params.size(); ++P)
      OS << ", " << cType(FT.Params[P]) << " p" << P;
    OS << ");\n"
       << "static inline w2n_host_function " << Fn << '(' << Fn
       << "_fn *fn, void *data) {\n"
       << "  w2n_host_function h = {" << cString(I.Module) << ", "
       << cString(I.Name) << ", \"" << signatureText(FT)
       << "\", (void *)fn, data};\n"
       << "  return h;\n}\n\n";
  }
}

std::string w2n::emitEmbedHeader(const wasm::Module &M, StringRef Prefix,
                                 StringRef DescriptorSymbol) {
  std::string Out;
  raw_string_ostream OS(Out);
  std::string Guard = "W2N_MODULE_" + Prefix.upper() + "_H";
  OS << "/* Generated by wasm2native --emit-header: the C interface of module '"
     << Prefix << "'. Link its object with libw2nrt.a. See "
     << "docs/embedding.md. */\n"
     << "#ifndef " << Guard << "\n#define " << Guard << "\n\n"
     << "#include \"w2n/embed.h\"\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "extern const w2n_module " << DescriptorSymbol << ";\n\n"
     << "/* A new, isolated instance (NULL with a message in err). */\n"
     << "static inline w2n_instance *" << Prefix
     << "_new(const w2n_embed_options *opts, char *err, size_t errlen) {\n"
     << "  return w2n_embed_new(&" << DescriptorSymbol
     << ", opts, err, errlen);\n}\n\n";

  std::vector<const wasm::Export *> Funcs;
  std::vector<Naming> Names;
  for (const wasm::Export &E : M.Exports) {
    if (E.Kind != wasm::ExternKind::Func)
      continue;
    Funcs.push_back(&E);
    Names.push_back({E.Name, plainExportName(E.Name), stem(E.Name)});
  }
  std::vector<std::string> Ids = identifiers(Names);
  for (size_t I = 0; I < Funcs.size(); ++I) {
    const wasm::Export &E = *Funcs[I];
    const wasm::FuncType &FT = M.funcType(E.Index);
    if (!wrappable(FT)) {
      OS << "/* export \"" << commentText(E.Name)
         << "\": v128, reference or multi-value signature; call it with "
            "w2n_embed_call. */\n\n";
      continue;
    }
    emitWrapper(OS, Prefix, Ids[I], E, FT);
  }
  emitImports(OS, M, Prefix);
  OS << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return Out;
}
