// The doctest main for sada-core-tests; the test cases live in one file per core module.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
