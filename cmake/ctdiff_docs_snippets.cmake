# ctdiff_extract_cpp_snippets(<markdown> <page> <outdir> <sources_var> <mains_var>)
#
# Writes every ```cpp fenced block of <markdown> to <outdir>/<page>_<n>.cpp (n = 1, 2, ... in
# page order) and returns the generated files in <sources_var>; those of blocks that contain
# `int main` are also listed in <mains_var>. Only a fence whose info string is exactly `cpp` is
# extracted; ```text, ```sh, ```cmake, ... blocks are skipped. Each file starts with a #line
# directive, so compiler messages point at the line in the markdown page. A file is rewritten
# only when its content changes, so re-configuring does not rebuild unchanged snippets.
# Runs at configure time; the caller adds <markdown> to CMAKE_CONFIGURE_DEPENDS.
function(ctdiff_extract_cpp_snippets markdown page outdir sources_var mains_var)
  file(READ "${markdown}" text)
  # Split into lines without CMake's list syntax getting in the way: hide `\`, `;`, `[`, `]`
  # behind control characters and put them back when writing.
  string(ASCII 1 bs)
  string(ASCII 2 semi)
  string(ASCII 3 lbr)
  string(ASCII 4 rbr)
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE "\\" "${bs}" text "${text}")
  string(REPLACE ";" "${semi}" text "${text}")
  string(REPLACE "[" "${lbr}" text "${text}")
  string(REPLACE "]" "${rbr}" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")

  set(sources)
  set(mains)
  set(state outside)   # outside | cpp | other
  set(count 0)
  set(lineno 0)
  foreach(line IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    if(state STREQUAL "outside")
      if(line MATCHES "^[ \t]*```cpp[ \t]*$")
        set(state cpp)
        math(EXPR count "${count} + 1")
        math(EXPR first_line "${lineno} + 1")
        set(opened_at ${lineno})
        set(body "")
      elseif(line MATCHES "^[ \t]*```")
        set(state other)
        set(opened_at ${lineno})
      endif()
    elseif(line MATCHES "^[ \t]*```[ \t]*$")
      if(state STREQUAL "cpp")
        string(REPLACE "${bs}" "\\" body "${body}")
        string(REPLACE "${semi}" ";" body "${body}")
        string(REPLACE "${lbr}" "[" body "${body}")
        string(REPLACE "${rbr}" "]" body "${body}")
        set(file "${outdir}/${page}_${count}.cpp")
        file(WRITE "${file}.tmp"
             "// generated from ${markdown}, block ${count} - edit the markdown, not this file\n"
             "#line ${first_line} \"${markdown}\"\n${body}")
        file(COPY_FILE "${file}.tmp" "${file}" ONLY_IF_DIFFERENT)
        file(REMOVE "${file}.tmp")
        list(APPEND sources "${file}")
        if(body MATCHES "int[ \t\n]+main[ \t\n]*\\(")
          list(APPEND mains "${file}")
        endif()
      endif()
      set(state outside)
    elseif(state STREQUAL "cpp")
      string(APPEND body "${line}\n")
    endif()
  endforeach()
  if(NOT state STREQUAL "outside")
    message(FATAL_ERROR "${markdown}:${opened_at}: code block is never closed with ```")
  endif()

  set(${sources_var} "${sources}" PARENT_SCOPE)
  set(${mains_var} "${mains}" PARENT_SCOPE)
endfunction()
