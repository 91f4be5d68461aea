/*===- w2n/abi.h - Contract between generated code and the runtime --------===*
 *
 * Everything generated code may touch is declared here, and this header is
 * the only place that states it: the compiler includes it and takes struct
 * offsets and sizes with offsetof/sizeof (compiler/lib/Translate/
 * InstanceLayout.cpp, linker-plugin/Glue.cpp), trap codes and constants by
 * name, and the LLVM types of the entry points below from their prototypes
 * (abi::functionType in compiler/include/w2n/Translate/NativeAbi.h).
 *
 * The offsets of the instance context are part of the ABI: the static
 * assertions below check them wherever this header is compiled, in
 * runtime-lib and in the compiler, so a change that moves one fails to
 * build instead of passing unnoticed (it needs a new W2N_ABI_VERSION).
 *
 * Native calling convention of a compiled function with Wasm type
 * [p0..pn] -> [r]:      R f(w2n_instance *ctx, P0 p0, ..., Pn pn)
 * where i32 -> int32_t, i64 -> int64_t, f32 -> float, f64 -> double,
 * v128 -> w2n_v128 (<2 x i64> in LLVM), funcref -> w2n_func *,
 * externref -> void *. No result: void. Several results: an LLVM literal
 * struct of the result types (only generated code calls those directly;
 * C code calls them through the module's invoke thunks).
 *===----------------------------------------------------------------------===*/
#ifndef W2N_ABI_H
#define W2N_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define W2N_ABI_VERSION 5
#define W2N_PAGE_SIZE 65536u
/* Every memory's reservation ends with at least this many PROT_NONE bytes
 * that never become accessible. With software bounds checks an access whose
 * offset + size fits in it compares only its address with the memory size:
 * an address below the size whose access runs past it faults in this tail,
 * and the fault becomes the trap. */
#define W2N_MEMORY_TAIL 65536u
/* Bytes of address space a 32-bit guard-region memory reserves from its
 * base, all but the accessible pages PROT_NONE: every i32 address plus every
 * i32 offset (below 2^33) plus the widest access stays inside it, so
 * generated code checks none of those accesses and the fault is the trap. */
#define W2N_GUARD_RESERVE ((8ull << 30) + W2N_PAGE_SIZE)

#ifdef __cplusplus
#define W2N_STATIC_ASSERT(Cond, Msg) static_assert(Cond, Msg)
#else
#define W2N_STATIC_ASSERT(Cond, Msg) _Static_assert(Cond, Msg)
#endif

typedef struct w2n_instance w2n_instance;
typedef struct w2n_module w2n_module;

typedef int64_t w2n_v128 __attribute__((vector_size(16), aligned(16)));

/* A value crossing the generic (array) calling convention. */
typedef union w2n_val {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  w2n_v128 v128;
  void *ref;
  uint8_t bytes[16];
} w2n_val;

/* A function reference. Tables hold pointers to these (NULL is ref.null);
 * ref.func yields one; a call through it passes `ctx` as first argument. */
typedef struct w2n_func {
  void *code;        /* native entry point, convention above */
  w2n_instance *ctx; /* instance the code runs in */
  uint32_t type_id;  /* process-wide canonical signature id (w2n_intern_type) */
  uint32_t index;    /* function index within its module, for messages */
} w2n_func;

typedef struct w2n_memory {
  uint8_t *base;      /* never moves after creation */
  uint64_t size;      /* current size in bytes */
  uint64_t max_pages; /* declared maximum, or the index type's limit */
  uint64_t reserved;  /* bytes of address space reserved at base */
  uint32_t is64;      /* memory64 */
  uint32_t guard;     /* 1: guard-region memory (no checks in code) */
  uint32_t has_max;   /* a maximum was declared (import matching) */
  uint32_t shared;    /* threads proposal: shared memory */
} w2n_memory;

typedef struct w2n_table {
  void **elems;       /* w2n_func* for funcref tables, void* for externref */
  uint64_t size;      /* current number of elements */
  uint64_t max;       /* declared maximum, or UINT32_MAX */
  uint32_t elem_type; /* W2N_TYPE_FUNCREF or W2N_TYPE_EXTERNREF */
  uint32_t capacity;  /* allocated elements */
  uint32_t has_max;   /* a maximum was declared (import matching) */
  uint32_t is64;      /* table64 (memory64): indexed with i64 */
} w2n_table;

/* Trap reasons; w2n_trap_message() gives the spec's text. */
enum w2n_trap_code {
  W2N_TRAP_NONE = 0,
  W2N_TRAP_UNREACHABLE = 1,
  W2N_TRAP_OOB_MEMORY = 2,          /* out of bounds memory access */
  W2N_TRAP_DIV_ZERO = 3,            /* integer divide by zero */
  W2N_TRAP_INT_OVERFLOW = 4,        /* integer overflow */
  W2N_TRAP_INVALID_CONV = 5,        /* invalid conversion to integer */
  W2N_TRAP_INDIRECT_TYPE = 6,       /* indirect call type mismatch */
  W2N_TRAP_UNDEFINED_ELEM = 7,      /* undefined element */
  W2N_TRAP_UNINIT_ELEM = 8,         /* uninitialized element */
  W2N_TRAP_STACK_EXHAUSTED = 9,     /* call stack exhausted */
  W2N_TRAP_OOB_TABLE = 10,          /* out of bounds table access */
  W2N_TRAP_NULL_FUNC = 11,          /* null function reference (call_ref) */
  W2N_TRAP_CAPABILITY = 12,         /* capability not granted */
  W2N_TRAP_OOB_DATA = 13,           /* out of bounds memory access (segment) */
  W2N_TRAP_HOST = 14,               /* trap raised by a host function */
  W2N_TRAP_UNCAUGHT_EXCEPTION = 15, /* an exception left the Wasm code */
  W2N_TRAP_NULL_EXNREF = 16,        /* throw_ref of a null exnref */
  W2N_TRAP_INTERRUPTED = 17,        /* w2n_instance_interrupt, a deadline */
};

/* Exception handling. A tag's identity is the address of its w2n_tag, which
 * the runtime creates once per defined tag per instance (the spec's tag
 * instance): an import gets the exporter's, so the two compare equal, and
 * two instances of one module have distinct tags. Generated code finds them
 * in ctx->tags. An exception object (an exnref) starts with its tag and
 * holds its payload in 16-byte cells from offset 16. */
typedef struct w2n_tag {
  const char *name; /* from the name section or the export, or NULL */
  uint32_t type_id; /* canonical id of the tag's signature (import matching) */
} w2n_tag;
typedef struct w2n_exn {
  const w2n_tag *tag;
  /* Nonzero once caught by catch_ref/catch_all_ref: an exnref may then
   * live anywhere (without a collector it is never freed). */
  uint64_t escaped;
} w2n_exn;
W2N_STATIC_ASSERT(sizeof(w2n_exn) == 16,
                  "struct w2n_exn changed: generated code depends on it");

/* The instance context: first argument of every compiled function. The
 * fixed header below is followed by runtime-private state. */
struct w2n_instance {
  uint8_t *mem0_base;       /*  0: base of memory 0 (invariant), or NULL */
  w2n_memory *mem0;         /*  8: memory 0, or NULL */
  uintptr_t stack_limit;    /* 16: trap when the stack pointer goes below */
  w2n_memory **memories;    /* 24: per memory index */
  w2n_table **tables;       /* 32: per table index */
  void **globals;           /* 40: per global index: its 16-byte cell */
  w2n_func **funcs;         /* 48: per function index (imports resolved) */
  const uint32_t *type_ids; /* 56: per type index: canonical id */
  uint8_t *data_dropped;    /* 64: per data segment: 1 once dropped */
  void ***elem_items;       /* 72: per elem segment: its items (refs) */
  uint32_t *elem_sizes;     /* 80: per elem segment: 0 once dropped */
  const w2n_module *module; /* 88 */
  void *caps;               /* 96: capability table (nanoprocesses) */
  void *host;               /* 104: embedder/runtime data (WASI state) */
  const char *name;         /* 112: nanoprocess name for messages, or NULL */
  w2n_tag **tags;           /* 120: per tag index (imports resolved) */
  /* 128: non-zero asks code compiled with --interruptible to trap with
   * W2N_TRAP_INTERRUPTED at its next function entry or loop iteration; the
   * trap clears it. Written from any thread; other code never reads it, so
   * modules compiled before it existed run unchanged. */
  uint32_t interrupt;
};

W2N_STATIC_ASSERT(
    offsetof(struct w2n_instance, mem0_base) == 0 &&
        offsetof(struct w2n_instance, mem0) == 8 &&
        offsetof(struct w2n_instance, stack_limit) == 16 &&
        offsetof(struct w2n_instance, memories) == 24 &&
        offsetof(struct w2n_instance, tables) == 32 &&
        offsetof(struct w2n_instance, globals) == 40 &&
        offsetof(struct w2n_instance, funcs) == 48 &&
        offsetof(struct w2n_instance, type_ids) == 56 &&
        offsetof(struct w2n_instance, data_dropped) == 64 &&
        offsetof(struct w2n_instance, elem_items) == 72 &&
        offsetof(struct w2n_instance, elem_sizes) == 80 &&
        offsetof(struct w2n_instance, module) == 88 &&
        offsetof(struct w2n_instance, caps) == 96 &&
        offsetof(struct w2n_instance, host) == 104 &&
        offsetof(struct w2n_instance, name) == 112 &&
        offsetof(struct w2n_instance, tags) == 120 &&
        offsetof(struct w2n_instance, interrupt) == 128 &&
        sizeof(struct w2n_instance) == 136,
    "struct w2n_instance moved a field: generated code depends on it");
W2N_STATIC_ASSERT(
    offsetof(w2n_func, code) == 0 && offsetof(w2n_func, ctx) == 8 &&
        offsetof(w2n_func, type_id) == 16 && offsetof(w2n_func, index) == 20 &&
        sizeof(w2n_func) == 24,
    "struct w2n_func moved a field: generated code depends on it");
W2N_STATIC_ASSERT(offsetof(w2n_memory, base) == 0 &&
                      offsetof(w2n_memory, size) == 8 &&
                      offsetof(w2n_table, elems) == 0 &&
                      offsetof(w2n_table, size) == 8 && sizeof(w2n_val) == 16,
                  "w2n_memory, w2n_table or w2n_val moved a field: generated "
                  "code depends on it");

/* ---- Module descriptor, emitted by the compiler as constant data. ---- */

enum w2n_type_code {
  W2N_TYPE_I32 = 0x7f,
  W2N_TYPE_I64 = 0x7e,
  W2N_TYPE_F32 = 0x7d,
  W2N_TYPE_F64 = 0x7c,
  W2N_TYPE_V128 = 0x7b,
  W2N_TYPE_FUNCREF = 0x70,
  W2N_TYPE_EXTERNREF = 0x6f,
  W2N_TYPE_EXNREF = 0x69,
};

enum w2n_extern_kind {
  W2N_EXTERN_FUNC = 0,
  W2N_EXTERN_TABLE = 1,
  W2N_EXTERN_MEMORY = 2,
  W2N_EXTERN_GLOBAL = 3,
  W2N_EXTERN_TAG = 4,
};

/* Calls `code` (native convention for the type) with ctx and the arguments
 * in args[0..nparams), then stores results in args[0..nresults). */
typedef void (*w2n_invoke_fn)(void *code, w2n_instance *ctx, w2n_val *args);

typedef struct w2n_type_desc {
  /* Signature as text: one char per param, ':', one char per result.
   * i=i32 I=i64 f=f32 F=f64 v=v128 r=funcref e=externref. "ii:i". */
  const char *sig;
  w2n_invoke_fn invoke; /* thunk for this signature */
} w2n_type_desc;

typedef struct w2n_limits_desc {
  uint64_t min;
  uint64_t max; /* valid when has_max */
  uint8_t has_max;
  uint8_t is64;
  uint8_t shared;
  uint8_t elem_type; /* tables: W2N_TYPE_FUNCREF / W2N_TYPE_EXTERNREF */
} w2n_limits_desc;

/* Import and export names are Wasm names: any UTF-8, NUL included. `module`
 * and `name` point at module_len / name_len bytes, followed by a NUL that
 * only helps printing; compare names by their lengths and bytes. */
typedef struct w2n_import_desc {
  const char *module;
  const char *name;
  uint32_t kind;          /* w2n_extern_kind */
  uint32_t index;         /* func, tag: type index; global: value type code */
  uint32_t mut;           /* global: mutability */
  w2n_limits_desc limits; /* table / memory */
  uint32_t module_len;
  uint32_t name_len;
} w2n_import_desc;

typedef struct w2n_export_desc {
  const char *name;
  uint32_t kind;  /* w2n_extern_kind */
  uint32_t index; /* in the kind's index space */
  uint32_t name_len;
} w2n_export_desc;

typedef struct w2n_global_desc {
  uint32_t type; /* value type code */
  uint32_t mut;
  uint32_t offset; /* defined globals: byte offset of the cell from the
                      start of the instance's global area; unused for imports */
} w2n_global_desc;

typedef struct w2n_tag_desc {
  const char *name; /* defined tags: for messages (name section or export) */
  uint32_t type;    /* type index of the tag's signature */
} w2n_tag_desc;

typedef struct w2n_data_desc {
  const uint8_t *bytes;
  uint64_t size;
} w2n_data_desc;

/* Element segment items: resolved by the runtime at instantiation. */
#define W2N_ELEM_FUNC 0u   /* value = function index */
#define W2N_ELEM_NULL 1u   /* ref.null */
#define W2N_ELEM_GLOBAL 2u /* value = global index (global.get) */
typedef struct w2n_elem_item {
  uint32_t kind;
  uint32_t value;
} w2n_elem_item;

typedef struct w2n_elem_desc {
  const w2n_elem_item *items;
  uint32_t count;
  uint32_t elem_type;
} w2n_elem_desc;

struct w2n_module {
  uint32_t abi_version; /* W2N_ABI_VERSION */
  const char *name;     /* module name (name section or file stem) */
  uint32_t num_types;
  const w2n_type_desc *types;
  uint32_t num_imports;
  const w2n_import_desc *imports; /* in binary order */
  uint32_t num_imported_funcs, num_imported_tables, num_imported_memories,
      num_imported_globals;
  uint32_t num_funcs;              /* whole function index space */
  const uint32_t *func_types;      /* per function index: type index */
  void *const *func_code;          /* per defined function: native entry */
  const char *const *func_names;   /* per function index, NULL where unknown */
  uint32_t num_tables;             /* whole index space */
  const w2n_limits_desc *tables;   /* defined tables only */
  uint32_t num_memories;           /* whole index space */
  const w2n_limits_desc *memories; /* defined memories only */
  uint32_t num_globals;            /* whole index space */
  const w2n_global_desc *globals;  /* whole index space */
  uint32_t globals_size; /* bytes of the defined globals' area (16 per cell) */
  uint32_t num_exports;
  const w2n_export_desc *exports;
  uint32_t num_datas;
  const w2n_data_desc *datas;
  uint32_t num_elems;
  const w2n_elem_desc *elems;
  int64_t start; /* start function index, or -1 */
  /* Generated: evaluates defined globals' initialisers into their cells,
   * then applies active element segments and then active data segments in
   * order (through w2n_table_init / w2n_memory_init, which trap when out of
   * bounds), dropping each. The runtime calls it after creating memories,
   * tables and globals and resolving imports, and before the start function. */
  void (*init)(w2n_instance *ctx);
  uint32_t bounds_checks; /* 0 guard regions, 1 software checks */
  /* Position-independent output (libraries) leaves func_code and func_names
   * NULL and has these instead: entry i is the address of the function
   * (the name) minus the array's own address, 0 for an unknown name, so the
   * arrays need no relocation when the program loads. */
  const int32_t *func_code_rel;
  const int32_t *func_names_rel;
  uint32_t num_tags; /* whole index space */
  uint32_t num_imported_tags;
  const w2n_tag_desc *tags; /* whole index space */
};

/* ---- Runtime entry points called by generated code. ---- */

__attribute__((noreturn)) void w2n_trap(w2n_instance *ctx, uint32_t code);
/* Like w2n_trap, for traps whose message carries a detail the way the spec's
 * reference interpreter words it: call_indirect's "undefined element <i>"
 * and "uninitialized element <i>", where `detail` is the table index. */
__attribute__((noreturn)) void w2n_trap_detail(w2n_instance *ctx, uint32_t code,
                                               uint64_t detail);
/* A trap raised by a stub on behalf of its caller: `ret` is the stub's
 * return address, so the report names the calling function. `detail` as for
 * w2n_trap_detail, or -1 for none. call_indirect through a fixed table
 * calls such stubs for null elements and elements of another type. */
__attribute__((noreturn)) void w2n_trap_for_caller(w2n_instance *ctx,
                                                   uint32_t code,
                                                   int64_t detail,
                                                   const void *ret);
/* Called at entry of functions that make calls when the stack check fails. */
__attribute__((noreturn)) void w2n_trap_stack(w2n_instance *ctx);

/* memory.grow: old size in pages, or -1. */
int64_t w2n_memory_grow(w2n_instance *ctx, uint32_t mem, uint64_t delta_pages);
void w2n_memory_fill(w2n_instance *ctx, uint32_t mem, uint64_t dst,
                     uint32_t value, uint64_t n);
void w2n_memory_copy(w2n_instance *ctx, uint32_t dst_mem, uint32_t src_mem,
                     uint64_t dst, uint64_t src, uint64_t n);
void w2n_memory_init(w2n_instance *ctx, uint32_t mem, uint32_t seg,
                     uint64_t dst, uint32_t src, uint32_t n);
void w2n_data_drop(w2n_instance *ctx, uint32_t seg);

/* table.grow: old size, or -1. `init` is the fill value. */
int64_t w2n_table_grow(w2n_instance *ctx, uint32_t table, void *init,
                       uint64_t delta);
void w2n_table_fill(w2n_instance *ctx, uint32_t table, uint64_t dst,
                    void *value, uint64_t n);
void w2n_table_copy(w2n_instance *ctx, uint32_t dst_table, uint32_t src_table,
                    uint64_t dst, uint64_t src, uint64_t n);
void w2n_table_init(w2n_instance *ctx, uint32_t table, uint32_t seg,
                    uint64_t dst, uint32_t src, uint32_t n);
void w2n_elem_drop(w2n_instance *ctx, uint32_t seg);

/* The exception being propagated (a w2n_exn), or NULL: generated code
 * returns with it set and tests it after every call that may throw. */
#ifdef __cplusplus
extern thread_local void *w2n_exn_pending;
#else
extern _Thread_local void *w2n_exn_pending;
#endif
/* A new exception object of `tag` with room for `num_values` payload
 * values, which the caller stores; w2n_exn_free ends one that a catch
 * without _ref consumed, unless it escaped as an exnref. */
void *w2n_exn_new(const w2n_tag *tag, uint32_t num_values);
void w2n_exn_free(void *exn);

const char *w2n_trap_message(uint32_t code);

#ifdef __cplusplus
}
#endif

#endif
