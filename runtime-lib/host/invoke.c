/*===- host/invoke.c - Calling one export with arguments from argv --------===*
 *
 * An executable built by `wasm2native run --invoke NAME` calls the export
 * NAME in place of `_start`: the command-line arguments after argv[0] are
 * its parameters, in Wasm's text syntax for numbers, and each result is
 * printed on its own line, as `wasmtime run --invoke` does. The compiler
 * checked that NAME is a function over numbers; the arguments are only
 * known here.
 *===----------------------------------------------------------------------===*/
#include "host/host.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_name(char c) {
  switch (c) {
  case 'i':
    return "i32";
  case 'I':
    return "i64";
  case 'f':
    return "f32";
  case 'F':
    return "f64";
  default:
    return "?";
  }
}

/* "(i32, i64) -> f32" for the signature text "iI:f". */
static void describe(const char *sig, char *out, size_t len) {
  size_t n = 0;
  int first = 1;
  n += snprintf(out + n, len - n, "(");
  const char *p = sig;
  for (; *p && *p != ':' && n < len; ++p, first = 0)
    n += snprintf(out + n, len - n, "%s%s", first ? "" : ", ", type_name(*p));
  if (n < len)
    n += snprintf(out + n, len - n, ") -> ");
  const char *results = *p == ':' ? p + 1 : p;
  if (n < len && strlen(results) != 1)
    n += snprintf(out + n, len - n, "(");
  for (first = 1; *results && n < len; ++results, first = 0)
    n += snprintf(out + n, len - n, "%s%s", first ? "" : ", ",
                  type_name(*results));
  if (n < len && strlen(p) != 2)
    snprintf(out + n, len - n, ")");
}

/* Parses one argument of type c into *v; 0 on success. Integers are decimal
 * or 0x-prefixed hexadecimal, signed or (up to the type's width) unsigned,
 * as the text format reads them; floats are what strtod reads (including
 * inf and nan). */
static int parse_arg(char c, const char *s, w2n_val *v) {
  char *end;
  errno = 0;
  memset(v, 0, sizeof *v);
  if (c == 'i' || c == 'I') {
    int neg = *s == '-';
    const char *digits = s + (neg || *s == '+');
    /* strtoull alone would take blanks and a second sign. */
    if (*digits < '0' || *digits > '9')
      return -1;
    unsigned long long u = strtoull(digits, &end, 0);
    if (errno || *end)
      return -1;
    unsigned long long max = c == 'i' ? 0xffffffffull : ~0ull;
    unsigned long long min_mag = c == 'i' ? 0x80000000ull : 1ull << 63;
    if (neg ? u > min_mag : u > max)
      return -1;
    unsigned long long bits = neg ? 0 - u : u;
    if (c == 'i')
      v->i32 = (int32_t)(uint32_t)bits;
    else
      v->i64 = (int64_t)bits;
    return 0;
  }
  double d = strtod(s, &end);
  if (end == s || *end)
    return -1;
  if (c == 'f')
    v->f32 = (float)d;
  else
    v->f64 = d;
  return 0;
}

/* The shortest decimal that reads back as the same value, as Wasmtime
 * (Rust's Display) prints floats; NaN and infinities by name. */
static void print_float(double d, int is_f32) {
  if (d != d) {
    puts("NaN");
    return;
  }
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (is_f32 ? strtof(buf, NULL) == (float)d : strtod(buf, NULL) == d)
      break;
  }
  puts(buf);
}

uint32_t w2n_invoke_export(w2n_instance *inst, const char *name, int argc,
                           char **argv) {
  const w2n_module *m = inst->module;
  const char *sig = NULL;
  w2n_extern ex;
  for (uint32_t i = 0; i < m->num_exports; ++i) {
    const w2n_export_desc *e = &m->exports[i];
    if (e->kind == W2N_EXTERN_FUNC && strcmp(e->name, name) == 0)
      sig = m->types[m->func_types[e->index]].sig;
  }
  if (!sig || w2n_instance_export(inst, name, &ex) != 0) {
    fprintf(stderr, "%s: error: the module exports no function '%s'\n",
            w2n_program_name(), name);
    exit(1);
  }
  char text[256];
  describe(sig, text, sizeof text);
  const char *colon = strchr(sig, ':');
  int nparams = (int)(colon - sig);
  int nresults = (int)strlen(colon + 1);
  if (argc - 1 != nparams) {
    fprintf(stderr,
            "%s: error: '%s' has the signature %s: it takes %d argument%s, "
            "given %d\n",
            w2n_program_name(), name, text, nparams, nparams == 1 ? "" : "s",
            argc - 1);
    exit(1);
  }
  w2n_val *args = calloc((size_t)(nparams > nresults ? nparams : nresults) + 1,
                         sizeof(w2n_val));
  if (!args) {
    fprintf(stderr, "%s: error: out of memory\n", w2n_program_name());
    exit(1);
  }
  for (int i = 0; i < nparams; ++i)
    if (parse_arg(sig[i], argv[i + 1], &args[i]) != 0) {
      fprintf(stderr,
              "%s: error: '%s' has the signature %s: argument %d, '%s', is "
              "not a%s %s\n",
              w2n_program_name(), name, text, i + 1, argv[i + 1],
              sig[i] == 'i' || sig[i] == 'I' ? "n" : "", type_name(sig[i]));
      exit(1);
    }
  uint32_t code = w2n_call(ex.u.func, args);
  if (code != W2N_TRAP_NONE) {
    free(args);
    return code;
  }
  for (int i = 0; i < nresults; ++i) {
    char c = colon[1 + i];
    if (c == 'i')
      printf("%" PRId32 "\n", args[i].i32);
    else if (c == 'I')
      printf("%" PRId64 "\n", args[i].i64);
    else
      print_float(c == 'f' ? args[i].f32 : args[i].f64, c == 'f');
  }
  free(args);
  return W2N_TRAP_NONE;
}
