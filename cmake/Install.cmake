# What `cmake --install` puts where (FHS), and the .deb of scripts/package.
# The binary and man pages under the prefix; the example config as
# /etc/certbund/certbund.toml, never over an existing one; systemd units,
# sysusers.d and tmpfiles.d entries under <prefix>/lib.
include(GNUInstallDirs)

set(CERTBUND_CONFDIR "/etc/certbund" CACHE PATH "Where the config goes (certbund looks in /etc/certbund)")
set(CERTBUND_UNITDIR "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" CACHE PATH "systemd system units")
set(CERTBUND_SYSUSERSDIR "${CMAKE_INSTALL_PREFIX}/lib/sysusers.d" CACHE PATH "sysusers.d entries")
set(CERTBUND_TMPFILESDIR "${CMAKE_INSTALL_PREFIX}/lib/tmpfiles.d" CACHE PATH "tmpfiles.d entries")

install(TARGETS certbund RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

foreach(page IN LISTS certbund_man_pages)
  string(REGEX MATCH "[0-9]$" section ${page})
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()

install(FILES ${CMAKE_SOURCE_DIR}/etc/certbund.toml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# An operator's edited config is never replaced by the example.
install(CODE "
  set(config \"\$ENV{DESTDIR}${CERTBUND_CONFDIR}/certbund.toml\")
  if(EXISTS \"\${config}\")
    message(STATUS \"Keeping: \${config} (the example is in ${CMAKE_INSTALL_FULL_DOCDIR}/examples)\")
  else()
    file(INSTALL DESTINATION \"${CERTBUND_CONFDIR}\" TYPE FILE FILES \"${CMAKE_SOURCE_DIR}/etc/certbund.toml\")
  endif()
")

file(READ ${CMAKE_SOURCE_DIR}/dist/systemd/hardening.conf CERTBUND_HARDENING)
string(STRIP "${CERTBUND_HARDENING}" CERTBUND_HARDENING)
foreach(unit certbund-poll.service certbund-notify.service)
  configure_file(${CMAKE_SOURCE_DIR}/dist/systemd/${unit}.in ${CMAKE_BINARY_DIR}/dist/${unit} @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/dist/${unit} DESTINATION ${CERTBUND_UNITDIR})
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/dist/systemd/certbund-poll.timer ${CMAKE_SOURCE_DIR}/dist/systemd/certbund-notify.timer
        DESTINATION ${CERTBUND_UNITDIR})
install(FILES ${CMAKE_SOURCE_DIR}/dist/sysusers.d-certbund.conf DESTINATION ${CERTBUND_SYSUSERSDIR} RENAME certbund.conf)
install(FILES ${CMAKE_SOURCE_DIR}/dist/tmpfiles.d-certbund.conf DESTINATION ${CERTBUND_TMPFILESDIR} RENAME certbund.conf)

# The .deb (scripts/package): configure with -DCMAKE_INSTALL_PREFIX=/usr.
configure_file(${CMAKE_SOURCE_DIR}/dist/debian/postinst.in ${CMAKE_BINARY_DIR}/dist/debian/postinst @ONLY
               FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME certbund)
set(CPACK_PACKAGE_CONTACT "Abuse Desk <abuse@example.net>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "CERT-Bund report mails in, customer notices out: an abuse desk")
set(CPACK_PACKAGE_DESCRIPTION "Reads CERT-Bund's signed report mails (MTA pipe, mbox, Maildir, IMAP),
verifies them with GPGME, stores events and incidents in SQLite, finds the
customer of each address and mails German/English notices over SMTP.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# GPGME runs gpg and gpgsm; the rest comes from the libraries' shlibs.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "gnupg, gpgsm, adduser | systemd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postfix | mail-transport-agent")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_BINARY_DIR}/dist/debian/postinst;${CMAKE_SOURCE_DIR}/dist/debian/prerm;${CMAKE_SOURCE_DIR}/dist/debian/postrm;${CMAKE_SOURCE_DIR}/dist/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
