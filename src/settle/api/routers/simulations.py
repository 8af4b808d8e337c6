"""Simulations for analysts: submit a study of stacked reforms on a synthetic population,
follow its status, fetch its report and exports. Each submission is audited."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import FileResponse

from settle.api.deps import Analyst, SessionDep
from settle.audit.chain import record as audit
from settle.errors import Invalid, NotFound
from settle.messages import say
from settle.services.simulations import (
    SimulationJobs,
    SimulationRequest,
    SimulationStatus,
    UnknownSimulation,
)
from settle.simulate.study import StudyError

router = APIRouter(tags=["simulations"])


def get_jobs(request: Request) -> SimulationJobs:
    """The server's simulation jobs (their files under SETTLE_SIMULATIONS, else
    out/simulations), made on first use."""
    state = request.app.state
    jobs = getattr(state, "simulations", None)
    if jobs is None:
        jobs = SimulationJobs(Path(os.environ.get("SETTLE_SIMULATIONS", "out/simulations")))
        state.simulations = jobs
    return jobs


JobsDep = Annotated[SimulationJobs, Depends(get_jobs)]


def _status(jobs: SimulationJobs, job_id: str) -> SimulationStatus:
    try:
        return jobs.status(job_id)
    except UnknownSimulation:
        raise NotFound(say("no_simulation", id=job_id), field="id") from None


@router.post("/simulations", status_code=status.HTTP_202_ACCEPTED)
def submit(body: SimulationRequest, analyst: Analyst, session: SessionDep,
           jobs: JobsDep) -> SimulationStatus:
    """Queue a study; it runs in the background (one at a time): poll its status."""
    try:
        job = jobs.submit(body, analyst.username)
    except StudyError as exc:
        raise Invalid(str(exc), field="reforms") from None
    audit(session, analyst.username, "simulation.submit", f"simulation:{job.id}",
          "policy analysis", reforms=body.reforms, base=body.base,
          parameters={k: str(v) for k, v in body.parameters.items()}, persons=body.persons, seed=body.seed,
          quota=body.quota)
    return job


@router.get("/simulations")
def listing(_analyst: Analyst, jobs: JobsDep) -> list[SimulationStatus]:
    """Every study of this server, newest first."""
    return jobs.listing()


@router.get("/simulations/{job_id}")
def status_of(job_id: str, _analyst: Analyst, jobs: JobsDep) -> SimulationStatus:
    """Waiting, running (with its step), done (with headline figures and files) or failed."""
    return _status(jobs, job_id)


@router.get("/simulations/{job_id}/files/{name}")
def file_of(job_id: str, name: str, _analyst: Analyst, jobs: JobsDep) -> FileResponse:
    """One of a finished study's files: report.html, report.md, summary.json, breakdowns.*."""
    try:
        return FileResponse(jobs.file(job_id, name))
    except UnknownSimulation:
        raise NotFound(say("no_simulation_file", id=job_id, name=name), field="name") from None
