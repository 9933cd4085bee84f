#!/usr/bin/python3
"""A throwaway SMTP server for certbund's tests: it keeps what it receives.

Run with Debian's Python, which has aiosmtpd 1.4:

  /usr/bin/python3 smtp_sink.py --dir OUTDIR [--host 127.0.0.1] [--port 0]
      [--port-file FILE] [--tls-cert C --tls-key K] [--require-starttls]
      [--smtps] [--auth USER:PASS] [--lifetime SECONDS] [--data-delay SECONDS]

--port 0 picks a free port; the port it listens on goes into --port-file
(written whole, then renamed into place). Each message is saved as
OUTDIR/NNNN.eml (the exact bytes received) and OUTDIR/NNNN.json
({"mail_from", "rcpt_tos", "tls", "auth_user"}); the .json appears last, so
a reader that sees it can read both. A recipient whose local part is
"reject" gets 550, "tempfail" gets 451. With --tls-cert/--tls-key the server
offers STARTTLS, or with --smtps speaks TLS from the first byte (implicit
TLS, smtps://); with --auth it offers AUTH (after STARTTLS when TLS is on)
and accepts mail only from a client that logged in with USER:PASS. It exits
after --lifetime seconds (default 600) or on SIGTERM/SIGINT. With
--data-delay it waits that long after it saved a message before it answers
the DATA: a client killed meanwhile never hears that its mail arrived
(crash tests).
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    """Saves each message as NNNN.eml plus NNNN.json in `outdir`."""

    def __init__(self, outdir, implicit_tls, data_delay=0.0):
        self.outdir = outdir
        self.implicit_tls = implicit_tls
        self.data_delay = data_delay
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0].lower()
        if local == "reject":
            return "550 5.1.1 no such user"
        if local == "tempfail":
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.outdir, "%04d" % self.count)
        write_atomically(stem + ".eml", envelope.original_content)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": self.implicit_tls or session.ssl is not None,
            "auth_user": auth_user(session),
        }
        write_atomically(stem + ".json", json.dumps(record).encode())
        count = self.count
        if self.data_delay > 0:
            await asyncio.sleep(self.data_delay)
        return "250 2.0.0 OK queued as %04d" % count


def auth_user(session):
    data = session.auth_data
    if isinstance(data, LoginPassword):
        return data.login.decode("utf-8", "replace")
    return None


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def make_authenticator(credentials):
    user, _, password = credentials.partition(":")
    expected = LoginPassword(user.encode(), password.encode())

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data == expected
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    return authenticate


def tls_context(args):
    if not args.tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    return context


def smtp_options(args, context, loop):
    starttls = context is not None and not args.smtps
    options = {
        "hostname": "sink.test",
        "tls_context": context if starttls else None,
        "require_starttls": args.require_starttls,
        "loop": loop,
    }
    if args.auth:
        options["authenticator"] = make_authenticator(args.auth)
        options["auth_required"] = True
        # aiosmtpd waits for STARTTLS before it offers AUTH; with implicit TLS
        # or no TLS at all there is nothing to wait for.
        options["auth_require_tls"] = starttls
    return options


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--smtps", action="store_true")
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--lifetime", type=float, default=600)
    p.add_argument("--data-delay", type=float, default=0.0)
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.require_starttls and not args.tls_cert:
        p.error("--require-starttls needs --tls-cert and --tls-key")
    if args.smtps and not args.tls_cert:
        p.error("--smtps needs --tls-cert and --tls-key")
    return args


async def serve(args):
    loop = asyncio.get_running_loop()
    sink = Sink(args.dir, args.smtps, args.data_delay)
    context = tls_context(args)
    options = smtp_options(args, context, loop)
    server = await loop.create_server(
        lambda: SMTP(sink, **options), host=args.host, port=args.port,
        ssl=context if args.smtps else None)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_atomically(args.port_file, b"%d\n" % port)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loop.call_later(args.lifetime, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.dir, exist_ok=True)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
