"""`iiitorrent run` end to end: after a command, a scrape shows it, the figures of the moment
are there, the first backup is made at start, and /readyz says ready. /metrics is served on the
private metrics listener only: the public port answers 404."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import Box, box  # noqa: F401
from tests.harness.process import IIITorrent
from tests.harness.torrents import eventually, free_port
from tests.standins.telegram import TelegramStandIn
from tests.unit.monitoring.promtool import promtool

pytestmark = pytest.mark.e2e

ADMIN = 4242


async def test_a_running_box_reports_itself(box: Box) -> None:  # noqa: F811
    port, metrics_port = free_port(), free_port()
    async with TelegramStandIn() as telegram:
        settings = box.settings(
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            HTTP_PORT=str(port),
            METRICS_PORT=str(metrics_port),
        )
        async with (
            IIITorrent("run", settings, box.workdir) as process,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{metrics_port}", timeout=30) as private,
        ):
            telegram.push_message(ADMIN, "/stats")
            reply = await telegram.wait_for(lambda c: c.method == "sendMessage", timeout=60)
            stats_text = str(reply.params["text"])
            assert stats_text.startswith("📊 Box status")
            # Every scheduled job is listed, run yet or not.
            for job in ("completions", "outbox", "backup", "retention"):
                assert f" {job}: " in stats_text, stats_text

            async def backed_up() -> bool:
                return any((box.workdir / "data" / "backups").glob("iiitorrent-*.sqlite3"))

            await eventually(backed_up, within=30, what="the first backup at start")
            ready = await http.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert (await private.get("/readyz")).status_code == 200
            assert (await private.get("/healthz")).status_code == 200
            # The public port (PUBLIC_URL's) has no /metrics: it carries no credential.
            assert (await http.get("/metrics")).status_code == 404

            async def backup_job_ran() -> httpx.Response | None:
                # The scheduler runs the backup: its run is counted with the other jobs'.
                answer = await private.get("/metrics")
                ran = 'iiitorrent_scheduler_job_runs_total{job="backup",outcome="ok"}'
                return answer if ran in answer.text else None

            scrape = await eventually(backup_job_ran, within=30, what="the backup job's run")
            assert await process.stop() == 0, process.errors[-2000:]

    assert scrape.status_code == 200
    promtool("check", "metrics", stdin=scrape.content)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(scrape.text)
        for s in family.samples
    }
    stats_runs = ("command", "stats"), ("outcome", "ok"), ("platform", "telegram")
    assert samples[("iiitorrent_commands_total", stats_runs)] == 1
    assert samples[("iiitorrent_dependency_up", (("dependency", "qbittorrent"),))] == 1
    assert samples[("iiitorrent_dependency_up", (("dependency", "database"),))] == 1
    assert samples[("iiitorrent_backup_age_seconds", ())] < 600
    assert samples[("iiitorrent_backups_total", (("outcome", "ok"),))] >= 1
    assert samples[("iiitorrent_download_disk_free_bytes", ())] > 0
    assert samples[("iiitorrent_users", ())] == 1
