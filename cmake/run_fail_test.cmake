# One compile-fail test (CTest `fail.<name>`). The source's first line is
#   // expect-error: <CMake regex>
# The test builds TARGET (an EXCLUDE_FROM_ALL object library compiling SOURCE with
# -DCTDIFF_EXPECT_FAIL, whose compiler launcher writes the diagnostics to LOG) and passes only
# if the compiler ran, failed, and its diagnostics match the regex. An optional second line
#   // expect-at-most-lines: <N>
# also bounds the length of the diagnostics (the message must stay short, on every compiler).
#
#   cmake -DSOURCE=... -DBUILD_DIR=... -DTARGET=... -DCONFIG=... -DLOG=... -DOBJECTS=...
#         -P run_fail_test.cmake
cmake_minimum_required(VERSION 3.25)

file(READ "${SOURCE}" head LIMIT 4096)
if(NOT head MATCHES "^// expect-error: ([^\r\n]+)")
  message(FATAL_ERROR "${SOURCE}: the first line must be `// expect-error: <regex>`")
endif()
string(STRIP "${CMAKE_MATCH_1}" expected)

# A stale object (from a time the code compiled) must not make the build a no-op.
file(REMOVE "${LOG}" "${LOG}.status" ${OBJECTS})
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}" --config "${CONFIG}"
  RESULT_VARIABLE build_status OUTPUT_VARIABLE build_output ERROR_VARIABLE build_output)

if(NOT EXISTS "${LOG}.status")
  message(FATAL_ERROR "the compiler never ran on ${SOURCE} (build status ${build_status}).\n"
                      "Build output:\n${build_output}")
endif()
file(READ "${LOG}" diagnostics)
# The diagnostics name the source file everywhere: hide its name, so that a regex can only match
# what the compiler says, never the file it says it about.
get_filename_component(source_name "${SOURCE}" NAME)
string(REPLACE "${SOURCE}" "<source>" searched "${diagnostics}")
string(REPLACE "${source_name}" "<source>" searched "${searched}")
file(READ "${LOG}.status" compiler_status)

if(compiler_status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled with -DCTDIFF_EXPECT_FAIL, but it must not.\n"
                      "Expected an error matching: ${expected}\nCompiler output:\n${diagnostics}")
endif()
if(NOT searched MATCHES "${expected}")
  message(FATAL_ERROR "${SOURCE} failed to compile, as it should, but no diagnostic matches "
                      "the expected regex.\nExpected: ${expected}\nCompiler output:\n${diagnostics}")
endif()
if(head MATCHES "^[^\r\n]*\r?\n// expect-at-most-lines: ([0-9]+)")
  set(limit "${CMAKE_MATCH_1}")
  string(REGEX MATCHALL "\n" newlines "${diagnostics}")
  list(LENGTH newlines line_count)
  if(line_count GREATER limit)
    message(FATAL_ERROR "${SOURCE} failed to compile with the expected error, but its diagnostics "
                        "take ${line_count} lines, more than the ${limit} allowed.\n"
                        "Compiler output:\n${diagnostics}")
  endif()
  message(STATUS "diagnostics: ${line_count} lines (at most ${limit})")
endif()
message(STATUS "failed to compile as expected; diagnostics match: ${expected}")
