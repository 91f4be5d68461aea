//===- Reader.h - Bounds-checked reading of WebAssembly binary encodings --===//
//
// Used by the decoder and validator on untrusted bytes, and by the translator
// on already validated bodies. Every read reports failure instead of reading
// past the end; the first failure sticks, so callers may check once.
//
//===----------------------------------------------------------------------===//
#ifndef W2N_WASM_READER_H
#define W2N_WASM_READER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <cstring>
#include <string>

namespace w2n::wasm {

class Reader {
public:
  /// `Base` is the file offset of Bytes[0], used in error positions.
  Reader(llvm::ArrayRef<uint8_t> Bytes, uint64_t Base = 0)
      : Data(Bytes), Base(Base) {}

  bool atEnd() const { return Pos >= Data.size(); }
  size_t pos() const { return Pos; }
  uint64_t offset() const { return Base + Pos; }
  size_t remaining() const { return Data.size() - Pos; }
  /// Set after the first failed read; the message says what was expected.
  bool failed() const { return !Err.empty(); }
  const std::string &error() const { return Err; }
  uint64_t errorOffset() const { return ErrOffset; }

  uint8_t u8() {
    if (Pos >= Data.size())
      return fail("unexpected end"), 0;
    return Data[Pos++];
  }
  uint8_t peek() const { return Pos < Data.size() ? Data[Pos] : 0; }

  uint32_t u32() {
    if (uint8_t B; oneByte(B))
      return B;
    return uint32_t(leb(32, false));
  }
  uint64_t u64() {
    if (uint8_t B; oneByte(B))
      return B;
    return leb(64, false);
  }
  int32_t s32() {
    if (uint8_t B; oneByte(B))
      return signExtend7(B);
    return int32_t(leb(32, true));
  }
  int64_t s64() {
    if (uint8_t B; oneByte(B))
      return signExtend7(B);
    return int64_t(leb(64, true));
  }
  /// A signed 33-bit LEB (block types); returned sign-extended.
  int64_t s33() {
    if (uint8_t B; oneByte(B))
      return signExtend7(B);
    return leb(33, true);
  }

  uint32_t fixed32() {
    uint32_t V = 0;
    if (!need(4))
      return 0;
    std::memcpy(&V, Data.data() + Pos, 4);
    Pos += 4;
    return V;
  }
  uint64_t fixed64() {
    uint64_t V = 0;
    if (!need(8))
      return 0;
    std::memcpy(&V, Data.data() + Pos, 8);
    Pos += 8;
    return V;
  }

  llvm::ArrayRef<uint8_t> bytes(uint64_t N) {
    if (!need(N))
      return {};
    auto R = Data.slice(Pos, N);
    Pos += N;
    return R;
  }

  /// Advances over N bytes (fails like `bytes` if fewer are left).
  void skip(uint64_t N) { (void)bytes(N); }

  /// A length-prefixed name; the caller checks UTF-8 validity.
  llvm::StringRef name() {
    uint32_t N = u32();
    auto B = bytes(N);
    return llvm::StringRef(reinterpret_cast<const char *>(B.data()), B.size());
  }

  void fail(const std::string &Msg) { fail(Msg, offset()); }
  /// Fails with the position of an earlier byte, e.g. the start of the
  /// opcode or field that turned out to be bad.
  void fail(const std::string &Msg, uint64_t At) {
    if (Err.empty()) {
      Err = Msg;
      ErrOffset = At;
    }
  }

private:
  /// Most LEBs (indices, counts, small constants) take one byte, which is
  /// valid whatever the width: the general loop is for the others.
  bool oneByte(uint8_t &B) {
    if (Pos >= Data.size() || Data[Pos] >= 0x80)
      return false;
    B = Data[Pos++];
    return true;
  }
  static int32_t signExtend7(uint8_t B) {
    return int32_t(uint32_t(B) << 25) >> 25;
  }

  bool need(uint64_t N) {
    if (N > remaining()) {
      fail("unexpected end");
      Pos = Data.size();
      return false;
    }
    return true;
  }

  /// LEB128 with the spec's rules: at most ceil(Bits/7) bytes, and unused
  /// bits of the last byte must be zero (unsigned) or a sign extension.
  uint64_t leb(unsigned Bits, bool Signed) {
    uint64_t Result = 0;
    unsigned Shift = 0;
    const unsigned MaxBytes = (Bits + 6) / 7;
    for (unsigned I = 0;; ++I) {
      if (Pos >= Data.size()) {
        fail("unexpected end");
        return 0;
      }
      uint8_t B = Data[Pos++];
      if (I == MaxBytes - 1) {
        unsigned Used = Bits - Shift; // value bits left for this byte
        if (B & 0x80) {
          fail("integer representation too long");
          return 0;
        }
        if (Used < 7) {
          uint8_t Extra = B >> Used; // bits beyond the value
          if (Signed) {
            uint8_t SignBit = (B >> (Used - 1)) & 1;
            uint8_t Want = SignBit ? uint8_t(0x7f >> Used) : 0;
            if (Extra != Want) {
              fail("integer too large");
              return 0;
            }
          } else if (Extra != 0) {
            fail("integer too large");
            return 0;
          }
        }
      }
      Result |= uint64_t(B & 0x7f) << Shift;
      Shift += 7;
      if (!(B & 0x80)) {
        if (Signed && Shift < 64 && (B & 0x40))
          Result |= ~uint64_t(0) << Shift;
        break;
      }
    }
    if (Signed && Bits < 64) {
      // Sign-extend from Bits to 64.
      unsigned S = 64 - Bits;
      Result = uint64_t(int64_t(Result << S) >> S);
    } else if (!Signed && Bits < 64) {
      Result &= (uint64_t(1) << Bits) - 1;
    }
    return Result;
  }

  llvm::ArrayRef<uint8_t> Data;
  uint64_t Base;
  size_t Pos = 0;
  std::string Err;
  uint64_t ErrOffset = 0;
};

} // namespace w2n::wasm

#endif
