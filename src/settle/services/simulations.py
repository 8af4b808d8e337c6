"""Simulations as jobs: an analyst asks for a study (reforms stacked on their base pack, a
calibrated synthetic population of a given size), the server runs it in the background and
keeps its files; the page and the API show the status and then the report.

One job runs at a time (a study uses both cores); the others wait in order — across the
worker processes of `settle serve --workers N` too, which queue on a lock file in the jobs
folder. A job's status and files live in its own folder under the jobs folder, named by the
job's id (`status.json` is rewritten at every step), so any worker answers for any job; only
the files the study writes can be fetched. Reforms are named by id from the reforms folder — a request
never names a path on the server.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import BaseModel, Field

from settle.language.parameters import ParamValue
from settle.language.text import Lang
from settle.packs import Pack, PackError, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.packs.reforms import LoadedReform, find_reform, load_reform, parameter_reform, stack
from settle.paths import calibration_dir, reforms_dir
from settle.simulate.calibration import load_calibration
from settle.simulate.costs import Timing, TimingValue
from settle.simulate.population import write_population
from settle.simulate.study import StudyError, cost_model_for, run_study
from settle.workflow.disclosure_control import threshold_from_env

FILES = ("report.html", "report.md", "summary.json", "breakdowns.csv", "breakdowns.xlsx",
         "breakdowns.parquet")
MAX_PERSONS = 2_000_000
JOB_ID = re.compile(r"^[0-9a-f]{16}$")
STATUS = "status.json"
ReformId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)]


class SimulationRequest(BaseModel):
    """What to simulate: reforms (ids in reforms/, stacked in order), then, when given,
    parameter values set for this study alone (stacked last), on a synthetic population of the
    base pack's city. With no reform file, `base` names the pack whose parameters change."""

    reforms: Annotated[list[ReformId], Field(max_length=5)] = []
    base: Annotated[str | None, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)] = None
    parameters: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)],
                               Decimal | dt.date], Field(max_length=10)] = {}
    persons: Annotated[int, Field(ge=1000, le=MAX_PERSONS)] = 100_000
    seed: Annotated[int, Field(ge=0, le=2**31)] = 1
    quota: Annotated[int | None, Field(ge=0)] = None
    as_of: dt.date | None = None
    cost_timing: TimingValue | None = None
    """When the cost per person falls, if the city's cost model allows that reading (`once`
    in the year of admission, `yearly` while the cohort stays); None: the model's own."""
    lang: Lang = "en"


def request_steps(request: SimulationRequest, lang: Lang) -> list[str]:
    """What a study stacks, in words: its reforms, then each parameter changed with its title."""
    steps = list(request.reforms)
    if request.parameters:
        base = request.base or (load_reform(find_reform(request.reforms[0], reforms_dir())).reform.base
                                if request.reforms else None)
        params = default_catalogue().load(base).meta.parameters if base else {}
        for name, value in request.parameters.items():
            title = params[name].title(lang) if name in params else name
            steps.append(f"{title} = {value}")
    return steps


class SimulationStatus(BaseModel):
    id: str
    state: Literal["waiting", "running", "done", "failed"]
    step: str = ""
    error: str | None = None
    asked_by: str
    asked_at: dt.datetime
    finished_at: dt.datetime | None = None
    request: SimulationRequest
    headline: dict[str, object] | None = None
    files: list[str] = []


def typed_value(pack: Pack, name: str, value: Decimal | dt.date) -> ParamValue:
    """`value` checked against the type of the pack's parameter `name` (a number for a number,
    a date for a date; yes/no and words are not changed here); StudyError names the
    parameter, the value and what it takes."""
    param = pack.meta.parameters.get(name)
    if param is None:
        raise StudyError(f"pack {pack.id} has no parameter {name!r}")
    current = param.value_on(pack.meta.effective_from)
    if isinstance(current, bool) or not isinstance(current, Decimal | dt.date):
        raise StudyError(f"parameter {name} = {value}: only numbers and dates can be changed here, "
                         f"it holds {current!r}; write a reform file to change it")
    if isinstance(current, dt.date) != isinstance(value, dt.date):
        wanted = "a date YYYY-MM-DD" if isinstance(current, dt.date) else "a number"
        raise StudyError(f"parameter {name} = {value}: takes {wanted} (now {current})")
    return value


def timing_of(request: SimulationRequest, pack: Pack) -> Timing:
    """The cost timing the study uses: the base pack's city's cost model's own, or the
    alternative reading the request chooses (StudyError if the model allows no such reading)."""
    try:
        return cost_model_for(None, pack).timing.chosen(request.cost_timing)
    except ValueError as exc:
        raise StudyError(str(exc)) from None


def cost_headline(costs: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a study's costs: the model, its timing, and each scenario's
    cost in each year of the horizon (None where a small cell hides it)."""
    return {"model": costs["model"], "title": costs["title"], "currency": costs["currency"],
            "timing": costs["timing"]["value"], "timing_reading": costs["timing"].get("assumption"),
            "years": costs["years"],
            "scenarios": [{"name": row["scenario"], "total": row["total"],
                           "by_year": [y["total"] for y in row["by_year"]] if row.get("by_year") else None,
                           "over_horizon": sum((y["total"] for y in row["by_year"]), Decimal(0))
                           if row.get("by_year") else None}
                          for row in costs["scenarios"]]}


class UnknownSimulation(LookupError):
    """No job has this id."""


class SimulationJobs:
    """The jobs of one server: submitted, run one at a time, their files kept in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.jobs: dict[str, SimulationStatus] = {}
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="simulation")

    def check(self, request: SimulationRequest, asked_by: str = "analyst") -> None:
        """Refuse a request that cannot run, before it waits in the queue."""
        pack, loaded = self.reforms_of(request, asked_by)
        if not (calibration_dir() / f"{pack.meta.jurisdiction}.yaml").is_file():
            raise StudyError(f"no synthetic population for {pack.meta.jurisdiction}: "
                             f"no calibration/{pack.meta.jurisdiction}.yaml")
        stack(pack, loaded)
        timing_of(request, pack)

    @staticmethod
    def reforms_of(request: SimulationRequest, asked_by: str) -> tuple[Pack, list[LoadedReform]]:
        """The base pack and the reforms to stack on it: the files, then the parameter values."""
        if not request.reforms and not request.parameters:
            raise StudyError("choose a reform, or change a parameter of a base pack")
        try:
            loaded = [load_reform(find_reform(r, reforms_dir())) for r in request.reforms]
        except FileNotFoundError as exc:
            raise StudyError(str(exc)) from None
        bases = {r.reform.base for r in loaded} | ({request.base} if request.base else set())
        if len(bases) != 1:
            raise StudyError(f"stacked reforms share one base pack, not {', '.join(sorted(bases)) or 'none'}")
        try:
            pack = default_catalogue().load(bases.pop())
        except UnknownPack as exc:
            raise StudyError(str(exc.args[0])) from None
        if request.parameters:
            values = {name: typed_value(pack, name, value) for name, value in request.parameters.items()}
            loaded.append(parameter_reform(pack, values, by=asked_by))
        return pack, loaded

    def submit(self, request: SimulationRequest, asked_by: str) -> SimulationStatus:
        self.check(request, asked_by)
        job = SimulationStatus(id=secrets.token_hex(8), state="waiting", asked_by=asked_by,
                               asked_at=dt.datetime.now(dt.UTC), request=request)
        with self.lock:
            self.jobs[job.id] = job
            self._write(job)
        self.pool.submit(self._run, job.id)
        return job

    def status(self, job_id: str) -> SimulationStatus:
        """The job's status: this process's own, else what the worker running it wrote."""
        with self.lock:
            job = self.jobs.get(job_id)
        if job is not None:
            return job
        path = self.folder / job_id / STATUS
        if not JOB_ID.match(job_id) or not path.is_file():
            raise UnknownSimulation(job_id)
        return SimulationStatus.model_validate_json(path.read_text(encoding="utf-8"))

    def listing(self) -> list[SimulationStatus]:
        """Every job in the jobs folder (whichever worker runs it), newest first."""
        found = {job.id: job for job in self.jobs.values()}
        if self.folder.is_dir():
            for path in self.folder.glob(f"*/{STATUS}"):
                if path.parent.name not in found and JOB_ID.match(path.parent.name):
                    found[path.parent.name] = SimulationStatus.model_validate_json(
                        path.read_text(encoding="utf-8"))
        return sorted(found.values(), key=lambda j: j.asked_at, reverse=True)

    def _write(self, job: SimulationStatus) -> None:
        """Write the job's status where every worker reads it (replaced whole, never torn)."""
        folder = self.folder / job.id
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{STATUS}.{os.getpid()}"
        partial.write_text(job.model_dump_json(), encoding="utf-8")
        partial.replace(folder / STATUS)

    def file(self, job_id: str, name: str) -> Path:
        """A file of a finished job; only the study's own files, never a path from outside."""
        job = self.status(job_id)
        if name not in FILES or name not in job.files:
            raise UnknownSimulation(f"{job_id}/{name}")
        return self.folder / job.id / name

    def _update(self, job_id: str, **changes: object) -> None:
        with self.lock:
            self.jobs[job_id] = self.jobs[job_id].model_copy(update=changes)
            self._write(self.jobs[job_id])

    def _run(self, job_id: str) -> None:
        """Run the job once no other worker's job runs (the lock file queues the processes)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".running.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._run_alone(job_id)

    def _run_alone(self, job_id: str) -> None:
        job = self.status(job_id)
        request = job.request
        out = self.folder / job.id
        try:
            self._update(job_id, state="running", step="population")
            base, loaded = self.reforms_of(request, job.asked_by)
            city = base.meta.jurisdiction
            calibration = load_calibration(calibration_dir() / f"{city}.yaml")
            out.mkdir(parents=True, exist_ok=True)
            people = out / "population.parquet"
            write_population(calibration, request.persons, request.seed, people)
            table = pl.read_parquet(people)
            report, _ = run_study(
                base, loaded, stack(base, loaded), table,
                population_name=f"{city} synthetic, {request.persons:,} persons, seed {request.seed}",
                threshold=threshold_from_env(), quota=request.quota, as_of=request.as_of, out=out,
                lang=request.lang, progress=lambda step: self._update(job_id, step=step),
                cost_timing=request.cost_timing)
            people.unlink()
            headline = {"scenarios": [{k: s[k] for k in ("name", "eligible", "admitted")}
                                      for s in report["scenarios"]],
                        "steps": report["steps"], "costs": cost_headline(report["costs"])}
            self._update(job_id, state="done", step="", finished_at=dt.datetime.now(dt.UTC),
                         headline=json.loads(json.dumps(headline, default=str)),
                         files=[f for f in FILES if (out / f).exists()])
        except (StudyError, PackError, ValueError, OSError) as exc:
            self._update(job_id, state="failed", error=str(exc), finished_at=dt.datetime.now(dt.UTC))
