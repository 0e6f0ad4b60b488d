"""The polite HTTP client on its own: content encodings, size caps, redirects, robots edge cases."""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.fetch import HostClient, Policy, WarcLog, _crawl_delay, _retry_after

PAGE = ("<html><body><div class='isi-berita'>" + "<p>Rapat pleno terbuka KPU.</p>" * 50 + "</div></body></html>").encode()
BOMB = gzip.compress(b"\0" * (20 << 20))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/gzip": (200, [("Content-Encoding", "gzip")], gzip.compress(PAGE)),
            "/bomb": (200, [("Content-Encoding", "gzip")], BOMB),
            "/big": (200, [], b"x" * (3 << 20)),
            "/away": (302, [("Location", "http://127.0.0.2:1/elsewhere")], b""),
            "/robots.txt": (503, [], b"down"),
        }
        status, headers, body = routes.get(self.path, (404, [], b"not found"))
        self.send_response(status)
        for key, value in headers + [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _client(url, tmp_path, **policy):
    return HostClient(url, Policy(delay=0.0, retries=0, **policy), WarcLog(tmp_path / "warc"))


def test_gzip_bodies_are_decoded_for_reading_and_kept_as_sent_for_warc(server, tmp_path):
    ex = _client(server, tmp_path).get(server + "/gzip", check_robots=False)[-1]
    assert ex.body == PAGE and gzip.decompress(ex.raw_body) == PAGE and ex.warc_file


def test_size_cap_holds_for_plain_and_compressed_bodies(server, tmp_path):
    client = _client(server, tmp_path, max_bytes=1 << 20)
    big = client.get(server + "/big", check_robots=False)[-1]
    bomb = client.get(server + "/bomb", check_robots=False)[-1]
    assert big.truncated == "length" and "larger than" in big.error
    assert len(bomb.body) <= 1 << 20  # 20 MB of zeros never inflated past the cap


def test_redirects_to_other_hosts_are_not_followed(server, tmp_path):
    exchanges = _client(server, tmp_path).get(server + "/away", check_robots=False)
    assert len(exchanges) == 1 and "another host" in exchanges[-1].error


def test_unreachable_robots_txt_means_disallow_everything(server, tmp_path):
    client = _client(server, tmp_path)
    client.load_robots()
    assert client.robots_error and not client.allowed(server + "/gzip")


def test_crawl_delay_and_retry_after_parsing():
    robots = b"User-agent: Googlebot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow: /x\nCrawl-delay: 2.5\n"
    assert _crawl_delay(robots) == 2.5
    assert _crawl_delay(b"User-agent: warta\nCrawl-delay: 4\nUser-agent: *\nCrawl-delay: 1\n") == 4
    assert _retry_after("120") == 120
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert _retry_after("soon") is None


def test_a_host_that_does_not_resolve_is_not_retried(tmp_path):
    client = HostClient("http://kab-tidakada.invalid", Policy(delay=0.0, retries=3, backoff=5.0), WarcLog(tmp_path))
    exchanges = client.get("http://kab-tidakada.invalid/", check_robots=False)
    assert len(exchanges) == 1 and "NameResolutionError" in exchanges[0].error
