# cmake -DPROGRAM=<exe> -DEXPECTED=<file> -P run_and_compare.cmake
#
# Runs PROGRAM and passes if it exits 0 and its standard output equals the content of EXPECTED
# (the ```output block under a docs example), line by line; trailing whitespace at the end of the
# output is not compared. On a difference, prints both and the first line that differs.
cmake_minimum_required(VERSION 3.25)  # current policies when run with -P
if(NOT PROGRAM OR NOT EXPECTED)
  message(FATAL_ERROR "run_and_compare.cmake: pass -DPROGRAM=<exe> -DEXPECTED=<file>")
endif()
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE actual RESULT_VARIABLE status)
file(READ "${EXPECTED}" expected)
string(REPLACE "\r" "" actual "${actual}")
string(REGEX REPLACE "[ \t\n]+$" "" actual "${actual}")
string(REGEX REPLACE "[ \t\n]+$" "" expected "${expected}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}; it printed:\n${actual}")
endif()
if(NOT actual STREQUAL expected)
  # the first line that differs, for the message: lines are cut with string(FIND), not lists,
  # so `;`, `[`, `]`, `\` and blank lines are compared as they are
  set(a "${actual}\n")
  set(e "${expected}\n")
  set(line 1)
  set(first "")
  while(NOT a STREQUAL "" OR NOT e STREQUAL "")
    foreach(side a e)
      string(FIND "${${side}}" "\n" cut)
      if(cut EQUAL -1)
        set(${side}_line "<none>")
        set(${side} "")
      else()
        string(SUBSTRING "${${side}}" 0 ${cut} ${side}_line)
        math(EXPR rest "${cut} + 1")
        string(SUBSTRING "${${side}}" ${rest} -1 ${side})
      endif()
    endforeach()
    if(NOT a_line STREQUAL e_line)
      set(first "line ${line}:\n  expected: ${e_line}\n  printed:  ${a_line}")
      break()
    endif()
    math(EXPR line "${line} + 1")
  endwhile()
  message(FATAL_ERROR "the output of ${PROGRAM} differs from ${EXPECTED}, first at ${first}\n"
                      "---- expected\n${expected}\n---- printed\n${actual}\n"
                      "Update the ```output block in the docs if the new output is right.")
endif()
