// clang-format off
// The worked example of docs/embedding.md ("Hosting a plug-in"): a C
// reactor importing seven host functions, hosted by Inputs/plugin-host.c
// as a user would write it. The host's state lives behind the data
// pointer, guest strings are checked, a plug-in abort and an unknown import
// come back as traps naming the host function, and the instance keeps
// serving requests after them.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %wasi-cc -O2 -mexec-model=reactor %S/Inputs/plugin.c -o %t/plugin.wasm
// RUN: %wasm2native -O2 -c %t/plugin.wasm --emit-header %t/plugin.h -o %t/plugin.a
// RUN: %clang -O2 -std=gnu11 -Wall -Wextra -Werror -I%w2n-build/include -I%t %S/Inputs/plugin-host.c %t/plugin.a %w2n-build/lib/wasm2native/x86_64-linux-gnu/libw2nrt.a -lm -o %t/host
// RUN: %t/host | FileCheck %s
// CHECK: 'ada': 1, reply 'hello ada'
// CHECK-NEXT: 'bob': 1, reply 'hello bob'
// CHECK-NEXT: 'ada': 2, reply 'hello ada'
// CHECK-NEXT: '': host function 'host.abort': plugin aborted: empty name
// CHECK-NEXT: 'telemetry': host function 'host.telemetry': called an import that no host provides
// CHECK-NEXT: 'ada': 3, reply 'hello ada'
// clang-format on
