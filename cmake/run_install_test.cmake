# CTest `install.consumer`: install ctdiff from BUILD_DIR into WORK_DIR/prefix, then configure,
# build and test the consumer project CONSUMER_DIR (tests/install) against that prefix with the
# same generator and compiler. Any failing step fails the test.
#
#   cmake -DBUILD_DIR=... -DCONFIG=... -DCONSUMER_DIR=... -DWORK_DIR=... -DGENERATOR=...
#         -DMAKE_PROGRAM=... -DCXX_COMPILER=... [-DBoost_DIR=...] -P run_install_test.cmake
cmake_minimum_required(VERSION 3.25)

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/build")
if(NOT CONFIG)
  set(CONFIG Release)
endif()

function(step what)
  message(STATUS "install.consumer: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install.consumer: ${what} failed (${status})")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
step("install into ${prefix}"
     "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --config "${CONFIG}")

set(configure_args
  -S "${CONSUMER_DIR}" -B "${consumer_build}" -G "${GENERATOR}"
  "-DCMAKE_BUILD_TYPE=${CONFIG}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCTDIFF_EXPECTED_PREFIX=${prefix}")
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(Boost_DIR)
  list(APPEND configure_args "-DBoost_DIR=${Boost_DIR}")
endif()
step("configure the consumer" "${CMAKE_COMMAND}" ${configure_args})
step("build the consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${CONFIG}")
step("run the consumer"
     "${CMAKE_CTEST_COMMAND}" --test-dir "${consumer_build}" -C "${CONFIG}" --output-on-failure)
