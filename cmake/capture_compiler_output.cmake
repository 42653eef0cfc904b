# Compiler launcher for the compile-fail tests (CXX_COMPILER_LAUNCHER of each ctdiff_fail_*
# target). Runs the compile command given after `--`, writes exactly what the compiler printed
# to CTDIFF_COMPILER_LOG (so the test matches its regex against the compiler's diagnostics, not
# against the build tool's chatter or file names), echoes it, and fails when the compiler fails.
#
#   cmake -DCTDIFF_COMPILER_LOG=<file> -P capture_compiler_output.cmake -- <compiler> <args...>
cmake_minimum_required(VERSION 3.25)

set(command)
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(after_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "capture_compiler_output.cmake: no compile command after `--`")
endif()

# Plain ASCII quotes and untranslated messages, whatever the caller's locale.
set(ENV{LC_ALL} C)
execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
file(WRITE "${CTDIFF_COMPILER_LOG}" "${output}")
file(WRITE "${CTDIFF_COMPILER_LOG}.status" "${status}")
message(NOTICE "${output}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compiler exited with status ${status}")
endif()
