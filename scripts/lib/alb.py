"""A stand-in for the Application Load Balancer on one machine, for scripts/local-stack.sh.

It reads the listener rules of infrastructure/cloudformation/alb-stack.yaml (path patterns, priorities, the target
group each forwards to, the listener's default target group) and forwards each request to the service that target
group names, as the load balancer does on AWS: the deployment guide's commands then run against it unchanged.

    python3 scripts/lib/alb.py --port 18090 --template infrastructure/cloudformation/alb-stack.yaml \
        --target orchestrator=http://127.0.0.1:18080 --target ner=http://127.0.0.1:18081 ...

A target group whose service is not given answers 503, as a target group without healthy targets does.
"""
import argparse
import fnmatch
import http.client
import re
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host",
              "content-length"}


def read_rules(template):
    """The listener rules as (priority, [path patterns], service), lowest priority first, and the default service."""
    resources = re.split(r"\n  (?=[A-Za-z0-9]+:\n)", open(template, encoding="utf-8").read())
    rules, default = [], None
    for resource in resources:
        target = re.findall(r"TargetGroupArn: !Ref ([A-Za-z]+)TargetGroup", resource)
        if "Type: AWS::ElasticLoadBalancingV2::ListenerRule" in resource:
            priority = int(re.search(r"Priority: (\d+)", resource).group(1))
            values = resource.split("Values:", 1)[1].split("Actions:", 1)[0]
            patterns = re.findall(r"^\s*- (\S+)\s*$", values, re.MULTILINE)
            rules.append((priority, patterns, target[-1].lower()))
        elif "Type: AWS::ElasticLoadBalancingV2::Listener\n" in resource and target and default is None:
            default = target[-1].lower()
    if not rules or default is None:
        sys.exit("no listener rules or default action found in " + template)
    return sorted(rules), default


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--target", action="append", default=[], help="SERVICE=URL, repeated")
    arguments = parser.parse_args()
    rules, default = read_rules(arguments.template)
    targets = dict(target.split("=", 1) for target in arguments.target)

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def service(self):
            path = urllib.parse.urlsplit(self.path).path
            for _, patterns, service in rules:
                if any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns):
                    return service
            return default

        def body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length", 0))
            return self.rfile.read(length) if length else None

        def answer(self, status, headers, payload):
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def forward(self):
            payload = self.body()
            service = self.service()
            if service not in targets:
                self.answer(503, [("Content-Type", "text/plain")],
                            ("no target for %s (target group %s)\n" % (self.path, service)).encode())
                return
            target = urllib.parse.urlsplit(targets[service])
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            headers["X-Forwarded-For"] = self.client_address[0]
            headers["X-Forwarded-Proto"] = "http"
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            try:
                connection.request(self.command, self.path, body=payload, headers=headers)
                response = connection.getresponse()
                self.answer(response.status, response.getheaders(), response.read())
            except OSError as error:
                self.answer(502, [("Content-Type", "text/plain")],
                            ("%s at %s: %s\n" % (service, targets[service], error)).encode())
            finally:
                connection.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = forward

        def log_message(self, format, *args):
            sys.stderr.write("%s -> %s: %s\n" % (self.requestline, self.service(), format % args))

    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Forward)
    server.daemon_threads = True
    print("load balancer on http://127.0.0.1:%d: %s; default %s" % (
        arguments.port, ", ".join("%s -> %s" % (" ".join(p), s) for _, p, s in rules), default), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
