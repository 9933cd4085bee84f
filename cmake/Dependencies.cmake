# Every dependency comes from Debian's packages (scripts/install-deps).
find_package(PkgConfig REQUIRED)
pkg_check_modules(GPGME REQUIRED IMPORTED_TARGET gpgme)
find_package(OpenSSL REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(CURL REQUIRED)
find_package(doctest REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)

# mimetic ships neither a .pc file nor a CMake config.
find_path(MIMETIC_INCLUDE_DIR mimetic/mimetic.h REQUIRED)
find_library(MIMETIC_LIBRARY mimetic REQUIRED)
add_library(dep_mimetic UNKNOWN IMPORTED)
set_target_properties(dep_mimetic PROPERTIES IMPORTED_LOCATION "${MIMETIC_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${MIMETIC_INCLUDE_DIR}")

# kainjow-mustache is header-only and has no config either.
find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(dep_mustache INTERFACE)
target_include_directories(dep_mustache SYSTEM INTERFACE ${KAINJOW_MUSTACHE_INCLUDE_DIR})
