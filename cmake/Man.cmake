# Builds the man pages from man/*.scd with scdoc (Debian package scdoc):
# certbund(1) and certbund.toml(5) into ${CMAKE_BINARY_DIR}/man/.
option(CERTBUND_MAN "Build the man pages (needs scdoc)" ON)
set(certbund_man_pages "")
if(CERTBUND_MAN)
  find_program(SCDOC scdoc)
  if(NOT SCDOC)
    message(FATAL_ERROR "scdoc not found: apt-get install scdoc, or configure with -DCERTBUND_MAN=OFF")
  endif()
  file(GLOB certbund_man_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/man/*.scd)
  foreach(source IN LISTS certbund_man_sources)
    get_filename_component(page ${source} NAME_WLE)  # certbund.toml.5
    set(output ${CMAKE_BINARY_DIR}/man/${page})
    add_custom_command(OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${SCDOC} < ${source} > ${output}.tmp
      COMMAND ${CMAKE_COMMAND} -E rename ${output}.tmp ${output}
      DEPENDS ${source}
      COMMENT "scdoc ${page}")
    list(APPEND certbund_man_pages ${output})
  endforeach()
  add_custom_target(man ALL DEPENDS ${certbund_man_pages})
endif()
