/*
 * trim(): asks the C allocator to give the free pages it holds back to the operating system.
 *
 * glibc's malloc keeps what a process freed for later allocations, and releases memory on its own
 * only from the top of its heap; pages freed in the middle (start-up's parsers, compilers and file
 * buffers leave many) stay resident until malloc_trim walks its free lists and returns them with
 * madvise. Returns 1 when memory was released, 0 when there was none to release, and -1 where the C
 * library is not glibc (musl, macOS), which has no malloc_trim: there the call does nothing.
 */
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value Trim(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__GLIBC__)
  int released = malloc_trim(0);
#else
  int released = -1;
#endif
  napi_value result;
  napi_create_int32(env, released, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value trim;
  napi_create_function(env, "trim", NAPI_AUTO_LENGTH, Trim, NULL, &trim);
  napi_set_named_property(env, exports, "trim", trim);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
