# Locates the third-party pieces (nlohmann/json, doctest, SQLite) for the native and wasm toolchains.
#
# Native: Debian's packages through their CMake configs (nlohmann_json, doctest) and FindSQLite3.
# Wasm:   header-only libraries are reached through a shim folder that holds only the links we need
#         (never -I/usr/include: glibc headers break the wasm sysroot), and SQLite is compiled by
#         emcc from the amalgamations scripts/setup generates (see below).

if(EMSCRIPTEN)
  set(SADA_SHIM_INCLUDE "${CMAKE_BINARY_DIR}/shim-include")
  file(MAKE_DIRECTORY "${SADA_SHIM_INCLUDE}")
  foreach(header_dir nlohmann doctest)
    if(NOT EXISTS "/usr/include/${header_dir}")
      message(FATAL_ERROR "/usr/include/${header_dir} is missing: run ./scripts/setup")
    endif()
    file(CREATE_LINK "/usr/include/${header_dir}" "${SADA_SHIM_INCLUDE}/${header_dir}" SYMBOLIC)
  endforeach()

  add_library(sada_json INTERFACE)
  target_include_directories(sada_json SYSTEM INTERFACE "${SADA_SHIM_INCLUDE}")
  # No exceptions in the wasm build: nlohmann/json aborts instead of throwing, so core never relies
  # on exceptions (untrusted input is parsed with json::parse(s, nullptr, false)).
  target_compile_definitions(sada_json INTERFACE JSON_NOEXCEPTION=1)
  add_library(nlohmann_json::nlohmann_json ALIAS sada_json)

  add_library(sada_doctest INTERFACE)
  target_include_directories(sada_doctest SYSTEM INTERFACE "${SADA_SHIM_INCLUDE}")
  target_compile_definitions(sada_doctest INTERFACE DOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS=1)
  add_library(doctest::doctest ALIAS sada_doctest)

  # SQLite 3.40.1 (the version the native build links), as two amalgamations that scripts/setup
  # generates from Debian's sqlite3 source package (scripts/sqlite-sources): "full" for the wasm
  # test suite, "widget" trimmed by widget/sqlite/options.txt for the widget (widget/sqlite).
  # Core itself only sees the header; each wasm program links the SQLite it needs.
  set(SADA_SQLITE_SOURCE_DIR "${CMAKE_SOURCE_DIR}/.deps/sqlite3"
      CACHE PATH "Folder holding the generated full/ and widget/ SQLite amalgamations")
  foreach(flavour full widget)
    if(NOT EXISTS "${SADA_SQLITE_SOURCE_DIR}/${flavour}/sqlite3.c")
      message(FATAL_ERROR "SQLite amalgamation ${SADA_SQLITE_SOURCE_DIR}/${flavour} not found: run ./scripts/setup")
    endif()
  endforeach()
  add_library(sada_sqlite_headers INTERFACE)
  target_include_directories(sada_sqlite_headers SYSTEM INTERFACE "${SADA_SQLITE_SOURCE_DIR}/full")
  add_library(SQLite::SQLite3 ALIAS sada_sqlite_headers)

  add_library(sada_sqlite_full STATIC "${SADA_SQLITE_SOURCE_DIR}/full/sqlite3.c")
  target_include_directories(sada_sqlite_full SYSTEM PUBLIC "${SADA_SQLITE_SOURCE_DIR}/full")
  # Single-threaded, no extensions; otherwise the SQLite the server's store is tested with.
  target_compile_definitions(sada_sqlite_full PRIVATE
    SQLITE_THREADSAFE=0
    SQLITE_DEFAULT_MEMSTATUS=0
    SQLITE_DQS=0
    SQLITE_OMIT_LOAD_EXTENSION
    SQLITE_OMIT_DEPRECATED
    SQLITE_OMIT_SHARED_CACHE
    SQLITE_OMIT_WAL
    SQLITE_USE_ALLOCA)
  target_compile_options(sada_sqlite_full PRIVATE -w)
else()
  find_package(nlohmann_json 3.11 REQUIRED)
  find_package(SQLite3 REQUIRED)
  if(SADA_BUILD_TESTS)
    find_package(doctest REQUIRED)
  endif()
endif()

# Warnings are errors for our own code on both toolchains.
add_library(sada_warnings INTERFACE)
target_compile_options(sada_warnings INTERFACE -Wall -Wextra -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 false positive on `"literal" + std::string` when optimising (GCC bug 105651).
  target_compile_options(sada_warnings INTERFACE -Wno-restrict)
endif()

add_library(sada_sanitizers INTERFACE)
if(SADA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SADA_FUZZ needs clang (libFuzzer): use the fuzz preset")
  endif()
  # Everything is instrumented for coverage; only the fuzz targets link libFuzzer's main.
  target_compile_options(sada_sanitizers INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(sada_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(SADA_SANITIZE AND NOT EMSCRIPTEN)
  target_compile_options(sada_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(sada_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
