// The fuzz targets' one assertion: print what broke and trap, so libFuzzer saves the input.
#pragma once

#include <cstdio>

#define SADA_FUZZ_CHECK(condition)                                                        \
    do {                                                                                  \
        if (!(condition)) {                                                               \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            __builtin_trap();                                                             \
        }                                                                                 \
    } while (false)
