# Compiles SOURCE at -O2 with COMPILER and checks the disassembly of every function listed in
# FUNCTIONS (semicolon-separated): it may call only libm functions and must not allocate.
# Usage: cmake -DCOMPILER=... -DSOURCE=... -DINCLUDES="a;b" -DOBJDUMP=... -DFUNCTIONS="f;g"
#              -DWORKDIR=... -P check_codegen.cmake
cmake_minimum_required(VERSION 3.25)

set(include_flags)
foreach(dir IN LISTS INCLUDES)
  list(APPEND include_flags "-I${dir}")
endforeach()
set(object "${WORKDIR}/codegen_check.o")
execute_process(
  COMMAND "${COMPILER}" -std=c++20 -O2 -DNDEBUG ${include_flags} -c "${SOURCE}" -o "${object}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "codegen: compiling ${SOURCE} failed:\n${err}")
endif()
execute_process(COMMAND "${OBJDUMP}" -d --no-show-raw-insn -r "${object}"
                OUTPUT_VARIABLE asm RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "codegen: objdump failed")
endif()

# libm functions a gradient may call (plain, float and long double variants), and the block
# fill and copy that compilers emit for zeroing or copying a large array (clang calls memset for
# a tensor's zero initialisation where g++ writes the stores inline); neither allocates.
set(libm "(exp|expm1|exp2|log|log1p|log2|log10|pow|sqrt|cbrt|sin|cos|tan|sinh|cosh|tanh|asin|acos|atan|atan2|hypot|fma|sincos)[fl]?|memset|memcpy|memmove")

string(REPLACE "\n" ";" lines "${asm}")
set(failures "")
foreach(fn IN LISTS FUNCTIONS)
  set(inside FALSE)
  set(found FALSE)
  set(count 0)
  foreach(line IN LISTS lines)
    if(line MATCHES "^[0-9a-f]+ <${fn}>:$")
      set(inside TRUE)
      set(found TRUE)
      continue()
    elseif(inside AND line MATCHES "^[0-9a-f]+ <.*>:$")
      set(inside FALSE)
    endif()
    if(NOT inside)
      continue()
    endif()
    math(EXPR count "${count} + 1")
    # relocation lines name the real call target of an unlinked object: R_X86_64_PLT32 tanh-0x4
    if(line MATCHES "R_X86_64_(PLT32|PC32|GOTPCREL[A-Z]*)[ \t]+([A-Za-z_][A-Za-z0-9_.@]*)")
      set(target "${CMAKE_MATCH_2}")
      string(REGEX REPLACE "@.*$" "" target "${target}")
      if(target MATCHES "^(malloc|calloc|realloc|free|_Znwm|_Znam|_ZdlPv|_ZdaPv|_Zdl.*|_Zna.*|_Znw.*|operator new.*)$")
        string(APPEND failures "  ${fn}: allocates (${target})\n")
      elseif(target MATCHES "^\\.(LC|rodata)" OR target MATCHES "^\\.L")
        # a constant in memory, not a call
      elseif(line MATCHES "PLT32" AND NOT target MATCHES "^${libm}$")
        string(APPEND failures "  ${fn}: calls ${target}\n")
      endif()
    endif()
    # a direct call or jump to another function (inside the object: no relocation names it)
    if(line MATCHES "[ \t](call|jmp)[a-z]*[ \t]+[0-9a-f]+ <([^>+]+)(\\+0x[0-9a-f]+)?>")
      set(target "${CMAKE_MATCH_2}")
      if(NOT target STREQUAL fn AND NOT target MATCHES "^${libm}(@plt)?$")
        string(APPEND failures "  ${fn}: calls ${target}\n")
      endif()
    endif()
    if(line MATCHES "[ \t](call|jmp)[a-z]*[ \t]+\\*")
      string(APPEND failures "  ${fn}: indirect call or jump: ${line}\n")
    endif()
  endforeach()
  if(NOT found)
    string(APPEND failures "  ${fn}: not found in the object file\n")
  else()
    message(STATUS "codegen: ${fn}: ${count} disassembly lines checked")
  endif()
endforeach()

if(failures)
  message(FATAL_ERROR "codegen: not straight-line code:\n${failures}")
endif()
message(STATUS "codegen: OK — only libm calls, no allocation")
