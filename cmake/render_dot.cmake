# cmake -DDOT=<dot> -DDIR=<dir> [-DCOPY_TO=<dir>] -P render_dot.cmake
#
# Renders every <DIR>/*.dot to <DIR>/*.svg with Graphviz dot. Fails if there is no DOT file, if dot
# rejects one (its message is shown) or writes an empty picture. With COPY_TO, also copies the
# SVG files there (docs/img).
if(NOT DOT OR NOT EXISTS "${DOT}")
  message(FATAL_ERROR "render_dot.cmake: Graphviz dot not given or not found (DOT=${DOT})")
endif()
file(GLOB dot_files "${DIR}/*.dot")
if(NOT dot_files)
  message(FATAL_ERROR "render_dot.cmake: no DOT file in ${DIR}")
endif()
foreach(dot_file IN LISTS dot_files)
  get_filename_component(stem "${dot_file}" NAME_WLE)
  set(svg "${DIR}/${stem}.svg")
  execute_process(COMMAND "${DOT}" -Tsvg "${dot_file}" -o "${svg}"
                  RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0 OR errors)
    message(FATAL_ERROR "dot rejected ${dot_file} (exit ${result}):\n${errors}")
  endif()
  file(SIZE "${svg}" size)
  if(size EQUAL 0)
    message(FATAL_ERROR "dot wrote an empty ${svg}")
  endif()
  message(STATUS "rendered ${svg}")
  if(COPY_TO)
    file(COPY "${svg}" DESTINATION "${COPY_TO}")
  endif()
endforeach()
