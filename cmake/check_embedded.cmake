# cmake -DCXX=<arm-none-eabi-g++> -DNM=<nm> -DSIZE=<size> -DSOURCE=<file.cpp> -DINCLUDE=<dir>
#       -DOBJECT=<file.o> -DALLOWED=<symbol;symbol...> -P check_embedded.cmake
#
# Compiles SOURCE for a Cortex-M4F (hard float, single precision FPU, no exceptions, no RTTI) and
# checks its object code: no double-precision soft-float helper (__aeabi_d*, __aeabi_*2d,
# __aeabi_d2*), no double libm function, no allocation, no exception machinery, and no undefined
# symbol outside ALLOWED (the libm and string functions the example is expected to call). Prints
# the symbols it calls and its size (text, data, bss).
cmake_minimum_required(VERSION 3.25)
set(flags -std=c++20 -O2 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -fno-exceptions -fno-rtti
          -Wall -Wextra -Wpedantic -Werror)
execute_process(COMMAND "${CXX}" ${flags} -I "${INCLUDE}" -c "${SOURCE}" -o "${OBJECT}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cross-compilation failed:\n${out}${err}")
endif()
execute_process(COMMAND "${NM}" -u "${OBJECT}" OUTPUT_VARIABLE undefined RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} failed")
endif()
string(REGEX MATCHALL "[^ \n]+\n" lines "${undefined}")
set(called "")
set(problems "")
foreach(line IN LISTS lines)
  string(STRIP "${line}" line)
  string(REGEX REPLACE "^U " "" symbol "${line}")
  if(symbol STREQUAL "" OR symbol STREQUAL "U")
    continue()
  endif()
  list(APPEND called "${symbol}")
  if(symbol MATCHES "^__aeabi_(d|[fil]2d|ul2d|l2d)" OR symbol MATCHES "^__(extendsfdf2|truncdfsf2|adddf3|muldf3|divdf3)$")
    string(APPEND problems "  ${symbol}: a double-precision soft-float helper in a float path\n")
  elseif(symbol MATCHES "^(malloc|calloc|realloc|free|_Znw|_Zna|_ZdlPv|_ZdaPv)")
    string(APPEND problems "  ${symbol}: allocation\n")
  elseif(symbol MATCHES "^__cxa_|^_Unwind|^__gxx_personality")
    string(APPEND problems "  ${symbol}: exception or runtime-type machinery\n")
  elseif(NOT symbol IN_LIST ALLOWED)
    string(APPEND problems "  ${symbol}: not one of the expected calls (${ALLOWED})\n")
  endif()
endforeach()
execute_process(COMMAND "${SIZE}" "${OBJECT}" OUTPUT_VARIABLE size_table)
string(REGEX MATCH "\n *([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)" _ "${size_table}")
message("${SOURCE}: text ${CMAKE_MATCH_1} bytes, data ${CMAKE_MATCH_2}, bss ${CMAKE_MATCH_3}; calls: ${called}")
if(problems)
  message(FATAL_ERROR "object code of ${SOURCE}:\n${problems}")
endif()
