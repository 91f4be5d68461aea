// The dynamic route, GET /hello?name=NAME. It is a compilation unit of its
// own behind one function that receives the connection's descriptor, the
// query bytes and flags, and writes the whole response to the descriptor
// itself, touching nothing else of the server: the shape of a child
// nanoprocess's export that is lent the connection as an `fd` parameter
// (README.md, "The dynamic route").
#ifndef HTTP_HELLO_H
#define HTTP_HELLO_H

#include <stddef.h>

/// A HEAD request: the header fields only.
#define HELLO_HEAD 1
/// The response ends the connection and says so.
#define HELLO_CLOSE 2
/// An HTTP/1.0 client asked to keep the connection: the response says it is
/// kept (HTTP/1.1 keeps it unless told otherwise).
#define HELLO_KEEP_ALIVE 4

/// The whole response was written.
#define HELLO_SENT 0
/// Nothing was written because the socket's send buffer is full: call
/// again with the same arguments once it is writable.
#define HELLO_AGAIN 1
/// The connection failed or stalled mid-response: close it.
#define HELLO_FAILED (-1)

// In the nanoprocess build (HELLO_CHILD) the server imports it from the
// child nanoprocess `hello` (hello-child.c), which is lent the connection.
#ifdef HELLO_CHILD
__attribute__((import_module("hello"), import_name("hello_serve")))
#endif
int hello_serve(int conn, const char *query, size_t query_len, int flags);

#endif
