/*===- executor.c - Runs one spec-test script against compiled modules ----===*
 *
 * Linked into every executable w2n-spectest builds, together with the
 * modules of one .wast file (native code, descriptors w2n_spec_m<N>) and the
 * glue object holding the script (script.h). It runs the commands in order
 * through the runtime's public API only (w2n_instantiate, w2n_call, ...),
 * prints one line per failure and keeps a progress record that survives a
 * crash, so the tool can resume after the command that killed the process.
 *
 * Usage: exe [--progress FILE] [--resume-after N] [--timeout SECONDS] [-v]
 *
 * Defining main() here keeps the runtime's own start-up object (host/main.c,
 * a separate archive member) out of the link.
 *===----------------------------------------------------------------------===*/
#include "script.h"
#include "w2n/runtime.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern const unsigned char w2n_spectest_script[];
extern const uint64_t w2n_spectest_script_size;
extern const w2n_module *const w2n_spectest_modules[];
extern const uint32_t w2n_spectest_num_modules;

/* ---- Reading the script. ---- */

typedef struct reader {
  const unsigned char *p, *end;
} reader;

static void corrupt(void) {
  fprintf(stderr, "w2n-spectest executor: corrupt script\n");
  exit(2);
}

static uint8_t rd_u8(reader *r) {
  if (r->p + 1 > r->end)
    corrupt();
  return *r->p++;
}

static uint32_t rd_u32(reader *r) {
  uint32_t v;
  if (r->p + 4 > r->end)
    corrupt();
  memcpy(&v, r->p, 4);
  r->p += 4;
  return v;
}

static uint64_t rd_u64(reader *r) {
  uint64_t v;
  if (r->p + 8 > r->end)
    corrupt();
  memcpy(&v, r->p, 8);
  r->p += 8;
  return v;
}

typedef struct str {
  const char *s;
  uint32_t len;
} str;

static str rd_str(reader *r) {
  str s;
  s.len = rd_u32(r);
  if ((uint64_t)(r->end - r->p) < (uint64_t)s.len + 1)
    corrupt();
  s.s = (const char *)r->p;
  r->p += s.len + 1;
  return s;
}

typedef struct lane {
  uint8_t kind; /* w2ns_lane_kind */
  uint64_t bits;
} lane;

typedef struct value {
  uint8_t type;      /* w2n_type_code */
  uint8_t lane_type; /* w2ns_lane_type */
  uint8_t num_lanes;
  lane lanes[16];
} value;

static void rd_value(reader *r, value *v) {
  v->type = rd_u8(r);
  v->lane_type = rd_u8(r);
  v->num_lanes = rd_u8(r);
  if (v->num_lanes > 16)
    corrupt();
  for (unsigned i = 0; i < v->num_lanes; ++i) {
    v->lanes[i].kind = rd_u8(r);
    v->lanes[i].bits = rd_u64(r);
  }
}

typedef struct action {
  uint8_t kind;
  str module, field;
  uint32_t num_args, num_results;
  value *args, *results;
} action;

static void rd_action(reader *r, action *a) {
  a->kind = rd_u8(r);
  a->module = rd_str(r);
  a->field = rd_str(r);
  a->num_args = rd_u32(r);
  a->args = calloc(a->num_args + 1, sizeof(value));
  for (uint32_t i = 0; i < a->num_args; ++i)
    rd_value(r, &a->args[i]);
  a->num_results = rd_u32(r);
  a->results = calloc(a->num_results + 1, sizeof(value));
  for (uint32_t i = 0; i < a->num_results; ++i)
    rd_value(r, &a->results[i]);
}

static void free_action(action *a) {
  free(a->args);
  free(a->results);
}

/* ---- Reporting. ---- */

static const char *wast_path = "?";
static w2ns_progress *progress;
static w2ns_progress local_progress;
static int replaying; /* replaying commands before a resume point */
static int verbose;   /* -v: also print passes and spectest.print output */

static void pass(void) {
  if (!replaying)
    progress->passed++;
}

static void fail(uint32_t line, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(uint32_t line, const char *cmd, const char *fmt, ...) {
  if (replaying)
    return;
  progress->failed++;
  printf("%s:%u: %s: ", wast_path, line, cmd);
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

/* A growing text buffer for messages. */
typedef struct buf {
  char s[4096];
  size_t n;
} buf;

static void bprintf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bprintf(buf *b, const char *fmt, ...) {
  if (b->n >= sizeof b->s - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
  va_end(ap);
  if (k > 0)
    b->n += (size_t)k < sizeof b->s - b->n ? (size_t)k : sizeof b->s - b->n - 1;
}

static void bname(buf *b, str s) {
  bprintf(b, "\"");
  for (uint32_t i = 0; i < s.len; ++i) {
    unsigned char c = (unsigned char)s.s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      bprintf(b, "%c", c);
    else
      bprintf(b, "\\%02x", c);
  }
  bprintf(b, "\"");
}

static const char *type_name(uint8_t t) {
  switch (t) {
  case W2N_TYPE_I32:
    return "i32";
  case W2N_TYPE_I64:
    return "i64";
  case W2N_TYPE_F32:
    return "f32";
  case W2N_TYPE_F64:
    return "f64";
  case W2N_TYPE_V128:
    return "v128";
  case W2N_TYPE_FUNCREF:
    return "funcref";
  case W2N_TYPE_EXTERNREF:
    return "externref";
  case W2N_TYPE_EXNREF:
    return "exnref";
  }
  return "?";
}

static char sig_char(uint8_t t) {
  switch (t) {
  case W2N_TYPE_I32:
    return 'i';
  case W2N_TYPE_I64:
    return 'I';
  case W2N_TYPE_F32:
    return 'f';
  case W2N_TYPE_F64:
    return 'F';
  case W2N_TYPE_V128:
    return 'v';
  case W2N_TYPE_FUNCREF:
    return 'r';
  case W2N_TYPE_EXTERNREF:
    return 'e';
  case W2N_TYPE_EXNREF:
    return 'x';
  }
  return '?';
}

static unsigned lane_bytes(uint8_t lane_type) {
  switch (lane_type) {
  case W2NS_LANE_I8:
    return 1;
  case W2NS_LANE_I16:
    return 2;
  case W2NS_LANE_I32:
  case W2NS_LANE_F32:
    return 4;
  default:
    return 8;
  }
}

static const char *lane_name(uint8_t lane_type) {
  static const char *const names[] = {"i64", "i8",  "i16", "i32",
                                      "i64", "f32", "f64"};
  return lane_type <= W2NS_LANE_F64 ? names[lane_type] : "?";
}

static uint64_t get_lane(const w2n_val *v, uint8_t lane_type, unsigned i) {
  unsigned n = lane_bytes(lane_type);
  uint64_t bits = 0;
  memcpy(&bits, v->bytes + i * n, n); /* little-endian targets only */
  return bits;
}

static void set_lane(w2n_val *v, uint8_t lane_type, unsigned i, uint64_t bits) {
  unsigned n = lane_bytes(lane_type);
  memcpy(v->bytes + i * n, &bits, n);
}

/* externref N is represented by the address N + 1: never dereferenced,
 * distinct from ref.null and from every other N. */
static void *host_ref(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

static void bfloat(buf *b, int is64, uint64_t bits) {
  if (is64) {
    double d;
    memcpy(&d, &bits, 8);
    bprintf(b, "%.17g (0x%016" PRIx64 ")", d, bits);
  } else {
    float f;
    uint32_t u = (uint32_t)bits;
    memcpy(&f, &u, 4);
    bprintf(b, "%.9g (0x%08" PRIx32 ")", (double)f, u);
  }
}

/* Formats an actual value of type t; v128 in the given lane shape. */
static void bactual(buf *b, uint8_t t, uint8_t lane_type, const w2n_val *v) {
  switch (t) {
  case W2N_TYPE_I32:
    bprintf(b, "i32:%" PRIu32, (uint32_t)v->i32);
    return;
  case W2N_TYPE_I64:
    bprintf(b, "i64:%" PRIu64, (uint64_t)v->i64);
    return;
  case W2N_TYPE_F32: {
    uint32_t u;
    memcpy(&u, &v->f32, 4);
    bprintf(b, "f32:");
    bfloat(b, 0, u);
    return;
  }
  case W2N_TYPE_F64: {
    uint64_t u;
    memcpy(&u, &v->f64, 8);
    bprintf(b, "f64:");
    bfloat(b, 1, u);
    return;
  }
  case W2N_TYPE_V128: {
    if (lane_type == W2NS_LANE_NONE)
      lane_type = W2NS_LANE_I32;
    unsigned n = 16 / lane_bytes(lane_type);
    bprintf(b, "v128:%sx%u", lane_name(lane_type), n);
    for (unsigned i = 0; i < n; ++i) {
      uint64_t bits = get_lane(v, lane_type, i);
      if (lane_type == W2NS_LANE_F32 || lane_type == W2NS_LANE_F64) {
        bprintf(b, " ");
        bfloat(b, lane_type == W2NS_LANE_F64, bits);
      } else {
        bprintf(b, " %" PRIu64, bits);
      }
    }
    return;
  }
  case W2N_TYPE_FUNCREF:
  case W2N_TYPE_EXTERNREF:
  case W2N_TYPE_EXNREF:
    if (!v->ref)
      bprintf(b, "%s:null", type_name(t));
    else if (t == W2N_TYPE_EXTERNREF)
      bprintf(b, "externref:%" PRIu64, (uint64_t)(uintptr_t)v->ref - 1);
    else
      bprintf(b, "funcref:%p", v->ref);
    return;
  }
  bprintf(b, "?");
}

static void blane(buf *b, uint8_t t, uint8_t lane_type, const lane *l) {
  switch (l->kind) {
  case W2NS_NAN_CANONICAL:
    bprintf(b, "nan:canonical");
    return;
  case W2NS_NAN_ARITHMETIC:
    bprintf(b, "nan:arithmetic");
    return;
  case W2NS_REF_NULL:
    bprintf(b, "null");
    return;
  case W2NS_REF_HOST:
    bprintf(b, "%" PRIu64, l->bits);
    return;
  case W2NS_ANY:
    bprintf(b, "*");
    return;
  }
  if (t == W2N_TYPE_F32 || lane_type == W2NS_LANE_F32)
    bfloat(b, 0, l->bits);
  else if (t == W2N_TYPE_F64 || lane_type == W2NS_LANE_F64)
    bfloat(b, 1, l->bits);
  else
    bprintf(b, "%" PRIu64, l->bits);
}

static void bexpected(buf *b, const value *v) {
  bprintf(b, "%s:", type_name(v->type));
  if (v->type == W2N_TYPE_V128)
    bprintf(b, "%sx%u ", lane_name(v->lane_type), v->num_lanes);
  for (unsigned i = 0; i < v->num_lanes; ++i) {
    if (i)
      bprintf(b, " ");
    blane(b, v->type, v->lane_type, &v->lanes[i]);
  }
}

static void baction(buf *b, const action *a) {
  if (a->kind == W2NS_GET) {
    bprintf(b, "get ");
    if (a->module.len)
      bprintf(b, "%s.", a->module.s);
    bname(b, a->field);
    return;
  }
  bprintf(b, "invoke ");
  if (a->module.len)
    bprintf(b, "%s.", a->module.s);
  bname(b, a->field);
  bprintf(b, "(");
  for (uint32_t i = 0; i < a->num_args; ++i) {
    if (i)
      bprintf(b, ", ");
    bexpected(b, &a->args[i]);
  }
  bprintf(b, ")");
}

/* ---- Values. ---- */

static void to_val(const value *v, w2n_val *out) {
  memset(out, 0, sizeof *out);
  switch (v->type) {
  case W2N_TYPE_I32: {
    uint32_t u = (uint32_t)v->lanes[0].bits;
    memcpy(&out->i32, &u, 4);
    return;
  }
  case W2N_TYPE_I64:
    memcpy(&out->i64, &v->lanes[0].bits, 8);
    return;
  case W2N_TYPE_F32: {
    uint32_t u = (uint32_t)v->lanes[0].bits;
    memcpy(&out->f32, &u, 4);
    return;
  }
  case W2N_TYPE_F64:
    memcpy(&out->f64, &v->lanes[0].bits, 8);
    return;
  case W2N_TYPE_V128:
    for (unsigned i = 0; i < v->num_lanes; ++i)
      set_lane(out, v->lane_type, i, v->lanes[i].bits);
    return;
  case W2N_TYPE_FUNCREF:
  case W2N_TYPE_EXTERNREF:
  case W2N_TYPE_EXNREF:
    out->ref = v->num_lanes && v->lanes[0].kind == W2NS_REF_HOST
                   ? host_ref(v->lanes[0].bits)
                   : NULL;
    return;
  }
}

static int lane_matches(const lane *l, int is_float, int is64, uint64_t bits) {
  uint64_t exp_mask = is64 ? 0x7ff0000000000000ull : 0x7f800000u;
  uint64_t quiet_bit = is64 ? 0x0008000000000000ull : 0x00400000u;
  uint64_t sign = is64 ? 0x8000000000000000ull : 0x80000000u;
  switch (l->kind) {
  case W2NS_NAN_CANONICAL:
    return is_float && (bits & ~sign) == (exp_mask | quiet_bit);
  case W2NS_NAN_ARITHMETIC:
    return is_float &&
           (bits & (exp_mask | quiet_bit)) == (exp_mask | quiet_bit);
  case W2NS_ANY:
    return 1;
  default:
    return bits == l->bits;
  }
}

static int matches(const value *e, const w2n_val *v) {
  switch (e->type) {
  case W2N_TYPE_I32:
    return e->lanes[0].kind == W2NS_ANY ||
           (uint32_t)v->i32 == (uint32_t)e->lanes[0].bits;
  case W2N_TYPE_I64:
    return e->lanes[0].kind == W2NS_ANY || (uint64_t)v->i64 == e->lanes[0].bits;
  case W2N_TYPE_F32: {
    uint32_t u;
    memcpy(&u, &v->f32, 4);
    return lane_matches(&e->lanes[0], 1, 0, u);
  }
  case W2N_TYPE_F64: {
    uint64_t u;
    memcpy(&u, &v->f64, 8);
    return lane_matches(&e->lanes[0], 1, 1, u);
  }
  case W2N_TYPE_V128:
    for (unsigned i = 0; i < e->num_lanes; ++i) {
      int is_float =
          e->lane_type == W2NS_LANE_F32 || e->lane_type == W2NS_LANE_F64;
      if (!lane_matches(&e->lanes[i], is_float, e->lane_type == W2NS_LANE_F64,
                        get_lane(v, e->lane_type, i)))
        return 0;
    }
    return 1;
  case W2N_TYPE_FUNCREF:
  case W2N_TYPE_EXTERNREF:
  case W2N_TYPE_EXNREF:
    if (!e->num_lanes || e->lanes[0].kind == W2NS_ANY)
      return 1;
    if (e->lanes[0].kind == W2NS_REF_NULL)
      return v->ref == NULL;
    if (e->lanes[0].kind == W2NS_REF_HOST)
      return v->ref == host_ref(e->lanes[0].bits);
    return 0;
  }
  return 0;
}

/* ---- The spectest host module. ---- */

static void print_args(const char *name) {
  if (verbose)
    printf("called host spectest.%s\n", name);
}
static void sp_print(w2n_instance *ctx) { print_args("print"); }
static void sp_print_i32(w2n_instance *ctx, int32_t a) {
  print_args("print_i32");
}
static void sp_print_i64(w2n_instance *ctx, int64_t a) {
  print_args("print_i64");
}
static void sp_print_f32(w2n_instance *ctx, float a) {
  print_args("print_f32");
}
static void sp_print_f64(w2n_instance *ctx, double a) {
  print_args("print_f64");
}
static void sp_print_i32_f32(w2n_instance *ctx, int32_t a, float b) {
  print_args("print_i32_f32");
}
static void sp_print_f64_f64(w2n_instance *ctx, double a, double b) {
  print_args("print_f64_f64");
}

typedef struct spectest_func {
  const char *name;
  void *code;
  const char *sig;
  w2n_func *func;
} spectest_func;

static spectest_func spectest_funcs[] = {
    {"print", (void *)sp_print, ":", NULL},
    {"print_i32", (void *)sp_print_i32, "i:", NULL},
    {"print_i64", (void *)sp_print_i64, "I:", NULL},
    {"print_f32", (void *)sp_print_f32, "f:", NULL},
    {"print_f64", (void *)sp_print_f64, "F:", NULL},
    {"print_i32_f32", (void *)sp_print_i32_f32, "if:", NULL},
    {"print_f64_f64", (void *)sp_print_f64_f64, "FF:", NULL},
};

static w2n_val sp_global_i32, sp_global_i64, sp_global_f32, sp_global_f64;
static w2n_table *sp_table;
static w2n_memory *sp_memory;

static void spectest_init(void) {
  for (size_t i = 0; i < sizeof spectest_funcs / sizeof *spectest_funcs; ++i)
    spectest_funcs[i].func =
        w2n_host_func(spectest_funcs[i].code, spectest_funcs[i].sig, NULL);
  sp_global_i32.i32 = 666;
  sp_global_i64.i64 = 666;
  sp_global_f32.f32 = 666.6f;
  sp_global_f64.f64 = 666.6;
  sp_table = w2n_table_new(W2N_TYPE_FUNCREF, 10, 20, 1);
  sp_memory = w2n_memory_new(1, 2, 1, 0);
}

static int str_is(str s, const char *want) {
  return strlen(want) == s.len && memcmp(s.s, want, s.len) == 0;
}

static int str_eq(str a, str b) {
  return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

static int spectest_resolve(str name, w2n_extern *out) {
  for (size_t i = 0; i < sizeof spectest_funcs / sizeof *spectest_funcs; ++i)
    if (str_is(name, spectest_funcs[i].name)) {
      out->kind = W2N_EXTERN_FUNC;
      out->u.func = spectest_funcs[i].func;
      return 0;
    }
  static const struct {
    const char *name;
    w2n_val *cell;
    uint32_t type;
  } globals[] = {
      {"global_i32", &sp_global_i32, W2N_TYPE_I32},
      {"global_i64", &sp_global_i64, W2N_TYPE_I64},
      {"global_f32", &sp_global_f32, W2N_TYPE_F32},
      {"global_f64", &sp_global_f64, W2N_TYPE_F64},
  };
  for (size_t i = 0; i < sizeof globals / sizeof *globals; ++i)
    if (str_is(name, globals[i].name)) {
      out->kind = W2N_EXTERN_GLOBAL;
      out->u.global.cell = globals[i].cell;
      out->u.global.type = globals[i].type;
      out->u.global.mut = 0;
      return 0;
    }
  if (str_is(name, "table") && sp_table) {
    out->kind = W2N_EXTERN_TABLE;
    out->u.table = sp_table;
    return 0;
  }
  if (str_is(name, "memory") && sp_memory) {
    out->kind = W2N_EXTERN_MEMORY;
    out->u.memory = sp_memory;
    return 0;
  }
  return 1;
}

/* ---- Instances: named, registered, current. ---- */

typedef struct binding {
  str name;
  w2n_instance *inst; /* NULL: the module failed to compile/instantiate */
} binding;

static binding *named, *registered;
static size_t num_named, num_registered;
static w2n_instance *current;
static int have_current;

static void bind(binding **list, size_t *n, str name, w2n_instance *inst) {
  for (size_t i = 0; i < *n; ++i)
    if (str_eq((*list)[i].name, name)) {
      (*list)[i].inst = inst;
      return;
    }
  *list = realloc(*list, (*n + 1) * sizeof **list);
  (*list)[*n].name = name;
  (*list)[*n].inst = inst;
  ++*n;
}

static binding *lookup(binding *list, size_t n, str name) {
  for (size_t i = 0; i < n; ++i)
    if (str_eq(list[i].name, name))
      return &list[i];
  return NULL;
}

static int resolve(void *user, w2n_instance *importer,
                   const w2n_import_desc *imp, w2n_extern *out) {
  str module = {imp->module, imp->module_len};
  str name = {imp->name, imp->name_len};
  str spectest = {"spectest", 8};
  if (str_eq(module, spectest) && !lookup(registered, num_registered, spectest))
    return spectest_resolve(name, out);
  binding *b = lookup(registered, num_registered, module);
  if (!b || !b->inst)
    return 1;
  return w2n_instance_export_n(b->inst, name.s, name.len, out) ? 1 : 0;
}

/* Finds the instance an action names; NULL with a message when missing. */
static w2n_instance *target_instance(const action *a, buf *why) {
  if (!a->module.len) {
    if (!have_current)
      bprintf(why, "no module instantiated yet");
    else if (!current)
      bprintf(why, "the current module failed to compile or instantiate");
    return current;
  }
  binding *b = lookup(named, num_named, a->module);
  if (!b)
    bprintf(why, "unknown module %s", a->module.s);
  else if (!b->inst)
    bprintf(why, "module %s failed to compile or instantiate", a->module.s);
  return b ? b->inst : NULL;
}

/* ---- Actions. ---- */

enum outcome { RAN, TRAPPED, ERROR };

typedef struct result {
  enum outcome outcome;
  uint32_t trap;
  w2n_val *vals; /* num_results values when RAN */
  buf why;       /* ERROR: what went wrong */
} result;

static void run_action(const action *a, result *r) {
  memset(r, 0, sizeof *r);
  r->outcome = ERROR;
  w2n_instance *inst = target_instance(a, &r->why);
  if (!inst)
    return;
  w2n_extern ext;
  if (w2n_instance_export_n(inst, a->field.s, a->field.len, &ext)) {
    bprintf(&r->why, "no export ");
    bname(&r->why, a->field);
    return;
  }
  uint32_t n = a->num_args > a->num_results ? a->num_args : a->num_results;
  r->vals = calloc(n + 1, sizeof(w2n_val));
  if (a->kind == W2NS_GET) {
    if (ext.kind != W2N_EXTERN_GLOBAL) {
      bprintf(&r->why, "export is not a global");
      return;
    }
    if (a->num_results == 1 && ext.u.global.type != a->results[0].type) {
      bprintf(&r->why, "global has type %s, expected %s",
              type_name((uint8_t)ext.u.global.type),
              type_name(a->results[0].type));
      return;
    }
    r->vals[0] = *ext.u.global.cell;
    r->outcome = RAN;
    return;
  }
  if (ext.kind != W2N_EXTERN_FUNC || !ext.u.func) {
    bprintf(&r->why, "export is not a function");
    return;
  }
  char sig[512];
  size_t k = 0;
  for (uint32_t i = 0; i < a->num_args && k < sizeof sig - 3; ++i)
    sig[k++] = sig_char(a->args[i].type);
  sig[k++] = ':';
  for (uint32_t i = 0; i < a->num_results && k < sizeof sig - 2; ++i)
    sig[k++] = sig_char(a->results[i].type);
  sig[k] = 0;
  if (w2n_intern_type(sig) != ext.u.func->type_id) {
    bprintf(&r->why, "function type differs from the script's (%s)", sig);
    return;
  }
  for (uint32_t i = 0; i < a->num_args; ++i)
    to_val(&a->args[i], &r->vals[i]);
  r->trap = w2n_call(ext.u.func, r->vals);
  r->outcome = r->trap == W2N_TRAP_NONE ? RAN : TRAPPED;
}

static int starts_with(const char *s, str prefix) {
  return s && strncmp(s, prefix.s, prefix.len) == 0;
}

static const char *trap_text(uint32_t code) {
  const char *m = w2n_trap_text(code);
  return m ? m : "(no message)";
}

static void assert_return(uint32_t line, const action *a) {
  result r;
  run_action(a, &r);
  buf msg = {.n = 0};
  baction(&msg, a);
  if (r.outcome == ERROR) {
    fail(line, "assert_return", "%s: %s", msg.s, r.why.s);
  } else if (r.outcome == TRAPPED) {
    fail(line, "assert_return", "%s: unexpected trap \"%s\"", msg.s,
         trap_text(r.trap));
  } else {
    int ok = 1;
    for (uint32_t i = 0; i < a->num_results; ++i) {
      if (matches(&a->results[i], &r.vals[i]))
        continue;
      if (ok)
        bprintf(&msg, ":");
      ok = 0;
      bprintf(&msg, " result %u: got ", i);
      bactual(&msg, a->results[i].type, a->results[i].lane_type, &r.vals[i]);
      bprintf(&msg, ", expected ");
      bexpected(&msg, &a->results[i]);
    }
    if (ok)
      pass();
    else
      fail(line, "assert_return", "%s", msg.s);
  }
  free(r.vals);
}

static void assert_trap(uint32_t line, const char *cmd, const action *a,
                        str text) {
  result r;
  run_action(a, &r);
  buf msg = {.n = 0};
  baction(&msg, a);
  if (r.outcome == ERROR) {
    fail(line, cmd, "%s: %s", msg.s, r.why.s);
  } else if (r.outcome == RAN) {
    bprintf(&msg, ": returned");
    for (uint32_t i = 0; i < a->num_results; ++i) {
      bprintf(&msg, " ");
      bactual(&msg, a->results[i].type, a->results[i].lane_type, &r.vals[i]);
    }
    fail(line, cmd, "%s, expected trap \"%s\"", msg.s, text.s);
  } else if (!starts_with(trap_text(r.trap), text)) {
    fail(line, cmd, "%s: trapped with \"%s\", expected \"%s\"", msg.s,
         trap_text(r.trap), text.s);
  } else {
    pass();
  }
  free(r.vals);
}

static void bare_action(uint32_t line, const action *a) {
  result r;
  run_action(a, &r);
  buf msg = {.n = 0};
  baction(&msg, a);
  if (r.outcome == ERROR)
    fail(line, "action", "%s: %s", msg.s, r.why.s);
  else if (r.outcome == TRAPPED)
    fail(line, "action", "%s: unexpected trap \"%s\"", msg.s,
         trap_text(r.trap));
  else
    pass();
  free(r.vals);
}

/* Instantiates module `index`; returns w2n_instantiate's code, or -2 when
 * the module was not compiled. */
static int instantiate(uint32_t index, w2n_instance **out, char *err,
                       size_t errlen) {
  *out = NULL;
  if (index >= w2n_spectest_num_modules || !w2n_spectest_modules[index])
    return -2;
  return w2n_instantiate(w2n_spectest_modules[index], resolve, NULL, out, err,
                         errlen);
}

static void module_command(uint32_t line, uint32_t index, str name,
                           str compile_error) {
  char err[1024] = "";
  w2n_instance *inst = NULL;
  int rc = instantiate(index, &inst, err, sizeof err);
  if (rc == -2)
    fail(line, "module", "not compiled: %s", compile_error.s);
  else if (rc == -1)
    fail(line, "module", "link error: %s", err);
  else if (rc != 0)
    fail(line, "module", "instantiation trapped: \"%s\"", trap_text(rc));
  else
    pass();
  if (rc != 0)
    inst = NULL;
  current = inst;
  have_current = 1;
  if (name.len)
    bind(&named, &num_named, name, inst);
}

static void assert_unlinkable(uint32_t line, uint32_t index, str text,
                              str compile_error) {
  char err[1024] = "";
  w2n_instance *inst = NULL;
  int rc = instantiate(index, &inst, err, sizeof err);
  if (rc == -2)
    fail(line, "assert_unlinkable", "not compiled: %s", compile_error.s);
  else if (rc == 0)
    fail(line, "assert_unlinkable", "module linked, expected \"%s\"", text.s);
  else if (rc > 0)
    fail(line, "assert_unlinkable",
         "instantiation trapped with \"%s\", "
         "expected link error \"%s\"",
         trap_text(rc), text.s);
  else if (!starts_with(err, text))
    fail(line, "assert_unlinkable", "link error \"%s\", expected \"%s\"", err,
         text.s);
  else
    pass();
}

static void assert_uninstantiable(uint32_t line, uint32_t index, str text,
                                  str compile_error) {
  char err[1024] = "";
  w2n_instance *inst = NULL;
  int rc = instantiate(index, &inst, err, sizeof err);
  if (rc == -2)
    fail(line, "assert_uninstantiable", "not compiled: %s", compile_error.s);
  else if (rc == 0)
    fail(line, "assert_uninstantiable",
         "module instantiated, expected trap "
         "\"%s\"",
         text.s);
  else if (rc < 0)
    fail(line, "assert_uninstantiable",
         "link error \"%s\", expected trap "
         "\"%s\"",
         err, text.s);
  else if (!starts_with(trap_text(rc), text))
    fail(line, "assert_uninstantiable", "trapped with \"%s\", expected \"%s\"",
         trap_text(rc), text.s);
  else
    pass();
}

/* ---- Driver. ---- */

static void open_progress(const char *path) {
  progress = &local_progress;
  if (!path)
    return;
  int fd = open(path, O_RDWR);
  if (fd < 0 || ftruncate(fd, sizeof(w2ns_progress)) != 0) {
    perror(path);
    exit(2);
  }
  void *p = mmap(NULL, sizeof(w2ns_progress), PROT_READ | PROT_WRITE,
                 MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  progress = p;
  memset(progress, 0, sizeof *progress);
}

int main(int argc, char **argv) {
  const char *progress_path = NULL;
  long resume_after = -1;
  unsigned timeout = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--progress") && i + 1 < argc)
      progress_path = argv[++i];
    else if (!strcmp(argv[i], "--resume-after") && i + 1 < argc)
      resume_after = strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
      timeout = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "-v"))
      verbose = 1;
    else {
      fprintf(stderr,
              "usage: %s [--progress FILE] [--resume-after N] "
              "[--timeout SECONDS] [-v]\n",
              argv[0]);
      return 2;
    }
  }
  open_progress(progress_path);

  reader r = {w2n_spectest_script,
              w2n_spectest_script + w2n_spectest_script_size};
  if (rd_u32(&r) != W2NS_MAGIC || rd_u32(&r) != W2NS_VERSION)
    corrupt();
  uint32_t bounds_checks = rd_u32(&r);
  uint32_t num_commands = rd_u32(&r);
  wast_path = rd_str(&r).s;

  w2n_runtime_init(0);
  w2n_set_guard_memories(bounds_checks == 0);
  spectest_init();
  progress->magic = W2NS_MAGIC;

  for (uint32_t i = 0; i < num_commands; ++i) {
    progress->current = i;
    replaying = (long)i <= resume_after;
    uint8_t kind = rd_u8(&r);
    uint32_t line = rd_u32(&r);
    int skip = (long)i == resume_after;
    if (timeout && !skip)
      alarm(timeout);
    switch (kind) {
    case W2NS_MODULE: {
      uint32_t index = rd_u32(&r);
      str name = rd_str(&r), error = rd_str(&r);
      if (!skip)
        module_command(line, index, name, error);
      break;
    }
    case W2NS_REGISTER: {
      str as = rd_str(&r), name = rd_str(&r);
      if (skip)
        break;
      w2n_instance *inst = current;
      if (name.len) {
        binding *b = lookup(named, num_named, name);
        inst = b ? b->inst : NULL;
      }
      bind(&registered, &num_registered, as, inst);
      break;
    }
    case W2NS_ACTION:
    case W2NS_ASSERT_RETURN:
    case W2NS_ASSERT_TRAP:
    case W2NS_ASSERT_EXHAUSTION: {
      action a;
      rd_action(&r, &a);
      str text = {"", 0};
      if (kind == W2NS_ASSERT_TRAP || kind == W2NS_ASSERT_EXHAUSTION)
        text = rd_str(&r);
      if (!skip) {
        if (kind == W2NS_ACTION)
          bare_action(line, &a);
        else if (kind == W2NS_ASSERT_RETURN)
          assert_return(line, &a);
        else
          assert_trap(line,
                      kind == W2NS_ASSERT_TRAP ? "assert_trap"
                                               : "assert_exhaustion",
                      &a, text);
      }
      free_action(&a);
      break;
    }
    case W2NS_ASSERT_UNLINKABLE:
    case W2NS_ASSERT_UNINSTANTIABLE: {
      uint32_t index = rd_u32(&r);
      str text = rd_str(&r), error = rd_str(&r);
      if (skip)
        break;
      if (kind == W2NS_ASSERT_UNLINKABLE)
        assert_unlinkable(line, index, text, error);
      else
        assert_uninstantiable(line, index, text, error);
      break;
    }
    default:
      corrupt();
    }
  }
  alarm(0);
  replaying = 0;
  progress->done = 1;
  if (!progress_path)
    printf("%s: %u passed, %u failed\n", wast_path, progress->passed,
           progress->failed);
  fflush(stdout);
  return progress->failed ? 1 : 0;
}
