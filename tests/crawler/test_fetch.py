"""The polite HTTP client on its own: content encodings, size caps, redirects, robots edge cases."""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.fetch import HostClient, Policy, WarcLog, _retry_after
from warta.kpusite import KpuSite, sample_bulletins

PAGE = ("<html><body><div class='isi-berita'>" + "<p>Rapat pleno terbuka KPU.</p>" * 50 + "</div></body></html>").encode()
BOMB = gzip.compress(b"\0" * (20 << 20))


class Handler(BaseHTTPRequestHandler):
    robots = (503, [], b"down")

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/gzip": (200, [("Content-Encoding", "gzip")], gzip.compress(PAGE)),
            "/bomb": (200, [("Content-Encoding", "gzip")], BOMB),
            "/big": (200, [], b"x" * (3 << 20)),
            "/away": (302, [("Location", "http://127.0.0.2:1/elsewhere")], b""),
            "/robots.txt": self.robots,
        }
        status, headers, body = routes.get(self.path, (404, [], b"not found"))
        self.send_response(status)
        for key, value in headers + [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def serve():
    """Start the test server, optionally with a robots.txt of its own; stopped after the test."""
    started = []

    def factory(robots: str | None = None) -> str:
        attrs = {"robots": (200, [], robots.encode())} if robots is not None else {}
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (Handler,), attrs))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield factory
    for httpd in started:
        httpd.shutdown()


@pytest.fixture
def server(serve):
    return serve()


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


def test_robots_rules_are_read_as_rfc_9309_says(serve, tmp_path):
    url = serve("User-agent: *\nAllow: /\nDisallow: /private/\nDisallow: /*?print=\nDisallow: /arsip$\n"
                "Sitemap: /peta.xml\n")
    client = _client(url, tmp_path)
    client.load_robots()
    assert not client.allowed(url + "/private/rekap")       # the longest match wins over "Allow: /"
    assert not client.allowed(url + "/berita/baca/1/x?print=1")  # "*" matches any characters
    assert not client.allowed(url + "/arsip")               # "$" anchors the end of the path
    assert client.allowed(url + "/arsip/2023") and client.allowed(url + "/berita/baca/1/x?page=2")
    assert client.sitemaps() == ["/peta.xml"]


def test_crawl_delay_of_warta_or_of_every_agent_raises_the_delay(serve, tmp_path):
    for robots, delay in [("User-agent: Googlebot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow: /x\nCrawl-delay: 2.5\n", 2.5),
                          ("User-agent: warta\nCrawl-delay: 4\n\nUser-agent: *\nCrawl-delay: 1\n", 4),
                          ("User-agent: *\nCrawl-delay: soon\n", 0.0)]:
        client = _client(serve(robots), tmp_path)
        client.load_robots()
        assert client.delay == delay


def test_retry_after_parsing():
    assert _retry_after("120") == 120
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert _retry_after("soon") is None


def test_a_stopping_crawl_stops_reading_a_slow_body(tmp_path):
    with KpuSite(sample_bulletins(8), faults={"dribble"}, hang_seconds=20.0) as site:
        slow = site.article_urls()[-7]  # the seventh oldest bulletin's body comes a few bytes at a time
        stop = threading.Event()
        client = HostClient(site.url, Policy(delay=0.0, retries=0, deadline=60.0), WarcLog(tmp_path), stop)
        threading.Timer(0.5, stop.set).start()  # Ctrl-C while the body is being read
        ex = client.get(slow, check_robots=False)[-1]
    assert ex.status is None and "stopping" in ex.error  # no answer: the page stays to fetch next run


def test_a_host_that_does_not_resolve_is_not_retried(tmp_path):
    client = HostClient("http://kab-tidakada.invalid", Policy(delay=0.0, retries=3, backoff=5.0), WarcLog(tmp_path))
    exchanges = client.get("http://kab-tidakada.invalid/", check_robots=False)
    assert len(exchanges) == 1 and "NameResolutionError" in exchanges[0].error
