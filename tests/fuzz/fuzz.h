#ifndef WIZ_TESTS_FUZZ_H
#define WIZ_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every fuzz target defines this (libFuzzer's entry point).  The same
 * files are linked with tests/fuzz/replay_main.c to replay the corpus and
 * every input that ever crashed, in `make check`.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
