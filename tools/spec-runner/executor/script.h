/*===- script.h - The command script w2n-spectest hands to its executor ---===*
 *
 * w2n-spectest turns one .wast file into one static executable: the file's
 * modules compiled to native code, the executor (executor.c) and a glue
 * object holding this script and the table of module descriptors. The
 * script is a little-endian byte stream:
 *
 *   header:  u32 magic, u32 version, u32 bounds_checks (0 guard, 1 software),
 *            u32 num_commands, str wast_path
 *   command: u8 kind, u32 line, then by kind
 *     MODULE                 u32 module, str name, str compile_error
 *     REGISTER               str as, str module_name
 *     ACTION, ASSERT_RETURN,
 *     ASSERT_TRAP,
 *     ASSERT_EXHAUSTION      action, [ASSERT_TRAP/EXHAUSTION: str text]
 *     ASSERT_UNLINKABLE,
 *     ASSERT_UNINSTANTIABLE  u32 module, str text, str compile_error
 *   action:  u8 action kind, str module_name, str field,
 *            u32 num_args, value..., u32 num_results, value...
 *   value:   u8 type (w2n_type_code), u8 lane type (W2NS_LANE_*),
 *            u8 num_lanes, num_lanes x { u8 lane kind, u64 bits }
 *   str:     u32 length, bytes, NUL
 *
 * `module` indexes w2n_spectest_modules[]; a NULL entry is a module the
 * compiler failed on (compile_error says why). An empty module_name means
 * the most recently instantiated module.
 *===----------------------------------------------------------------------===*/
#ifndef W2N_SPECTEST_EXECUTOR_SCRIPT_H
#define W2N_SPECTEST_EXECUTOR_SCRIPT_H

#define W2NS_MAGIC 0x534e3257u /* "W2NS" */
#define W2NS_VERSION 1u

enum w2ns_command_kind {
  W2NS_MODULE = 1,
  W2NS_REGISTER = 2,
  W2NS_ACTION = 3,
  W2NS_ASSERT_RETURN = 4,
  W2NS_ASSERT_TRAP = 5,
  W2NS_ASSERT_EXHAUSTION = 6,
  W2NS_ASSERT_UNLINKABLE = 7,
  W2NS_ASSERT_UNINSTANTIABLE = 8,
};

enum w2ns_action_kind { W2NS_INVOKE = 0, W2NS_GET = 1 };

/* Lane shapes of a v128 value; scalars use W2NS_LANE_NONE. */
enum w2ns_lane_type {
  W2NS_LANE_NONE = 0,
  W2NS_LANE_I8 = 1,
  W2NS_LANE_I16 = 2,
  W2NS_LANE_I32 = 3,
  W2NS_LANE_I64 = 4,
  W2NS_LANE_F32 = 5,
  W2NS_LANE_F64 = 6,
};

enum w2ns_lane_kind {
  W2NS_EXACT = 0,          /* bits must match exactly */
  W2NS_NAN_CANONICAL = 1,  /* any canonical NaN (either sign) */
  W2NS_NAN_ARITHMETIC = 2, /* any NaN with the quiet bit set */
  W2NS_REF_NULL = 3,       /* ref.null */
  W2NS_REF_HOST = 4,       /* externref `bits` (ref.extern N) */
  W2NS_ANY = 5,            /* no value given: only the type matters */
};

/* What the executor leaves in the progress file (--progress PATH) so the
 * tool can tell how far a run got if the executable dies. */
typedef struct w2ns_progress {
  unsigned int magic;   /* W2NS_MAGIC once the executor started */
  unsigned int current; /* index of the command being run */
  unsigned int passed;  /* counted commands passed in this run */
  unsigned int failed;  /* counted commands failed in this run */
  unsigned int done;    /* 1 once every command ran */
} w2ns_progress;

#endif
