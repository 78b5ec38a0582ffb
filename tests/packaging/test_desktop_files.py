"""The Linux desktop-integration files: the .desktop entry, the AppStream metainfo and the MIME
type, judged by the freedesktop tools themselves.

Needs ``desktop-file-validate`` and ``update-desktop-database`` (Debian desktop-file-utils),
``appstreamcli`` (appstream), ``update-mime-database`` (shared-mime-info), ``xdg-mime``
(xdg-utils) and ``mimetype`` (libfile-mimeinfo-perl, which xdg-mime uses outside a desktop
session). A missing tool fails the test when CI=true and skips it otherwise.

The MIME checks run ``xdg-mime`` with a bare environment whose XDG folders are temporary, so
they see only what the test installed there plus the system's own database.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.vsm_editor.VsmEditor"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / "vsm-editor-mime.xml"
MIME_TYPE = "application/x-vsm-editor+json"
TEMPLATE = ROOT / "resources" / "templates" / "secure-api.vsm.json"
SMI = "{http://www.freedesktop.org/standards/shared-mime-info}"

TOOLS = {
    "desktop-file-validate": "desktop-file-utils",
    "update-desktop-database": "desktop-file-utils",
    "appstreamcli": "appstream",
    "update-mime-database": "shared-mime-info",
    "xdg-mime": "xdg-utils",
    "mimetype": "libfile-mimeinfo-perl",
}


def require(*tools: str) -> None:
    """Fail (CI=true) or skip when one of ``tools`` is not installed."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    packages = sorted({TOOLS[tool] for tool in missing})
    reason = f"{', '.join(missing)} not installed (apt-get install {' '.join(packages)})"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> etree._Element:
    return etree.parse(str(METAINFO)).getroot()


# ------------------------------------------------------------------ the tools' verdicts
def test_desktop_file_validates() -> None:
    require("desktop-file-validate")
    result = run(["desktop-file-validate", str(DESKTOP)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_metainfo_validates_offline() -> None:
    require("appstreamcli")
    result = run(["appstreamcli", "validate", "--no-net", "--explain", str(METAINFO)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout


# ------------------------------------------------------------------ one id, one type, everywhere
def test_one_id_names_the_desktop_file_the_component_and_its_launchable() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("launchable") == DESKTOP.name


def test_one_mime_type_in_the_mime_xml_the_desktop_file_and_the_metainfo() -> None:
    mime_types = etree.parse(str(MIME_XML)).getroot().findall(f"{SMI}mime-type")
    assert [m.get("type") for m in mime_types] == [MIME_TYPE]
    assert desktop_entry()["MimeType"].rstrip(";").split(";") == [MIME_TYPE]
    assert [m.text for m in metainfo().iterfind("provides/mediatype")] == [MIME_TYPE]


def test_mime_type_globs_the_map_files_and_is_json() -> None:
    mime = etree.parse(str(MIME_XML)).getroot().find(f"{SMI}mime-type")
    globs = {g.get("pattern"): int(g.get("weight", "50")) for g in mime.iter(f"{SMI}glob")}
    assert globs.get("*.vsm.json", 0) > 50, "the map glob must outweigh the plain *.json glob"
    assert mime.find(f"{SMI}sub-class-of").get("type") == "application/json"
    assert (mime.findtext(f"{SMI}comment") or "").strip()


def test_the_command_and_icon_named_exist() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    entry = desktop_entry()
    command = entry["Exec"].split()[0]
    assert command in scripts and entry["Exec"] == f"{command} %F"
    assert [b.text for b in metainfo().iterfind("provides/binary")] == [command]
    icon = entry["Icon"]
    assert metainfo().findtext("icon") == icon
    assert (ROOT / "packaging" / "icons" / "hicolor" / "256x256" / "apps" / f"{icon}.png").is_file()


def test_the_latest_release_is_the_package_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    releases = metainfo().findall("releases/release")
    assert releases and releases[0].get("version") == version


def test_screenshots_are_the_repository_images() -> None:
    images = [i.text for i in metainfo().iterfind("screenshots/screenshot/image")]
    assert images and all(i.startswith("https://") for i in images)
    assert all("/packaging/screenshots/" in i and i.endswith(".png") for i in images)


# ------------------------------------------------------------------ the MIME type at work
@pytest.fixture
def xdg(tmp_path: Path) -> dict[str, str]:
    """A bare environment with temporary XDG folders (the system's data folders stay visible)."""
    for name in ("home", "data/mime/packages", "data/applications", "config"):
        (tmp_path / name).mkdir(parents=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "config"),
    }


def install_mime_type(env: dict[str, str]) -> None:
    mime_dir = Path(env["XDG_DATA_HOME"]) / "mime"
    shutil.copy(MIME_XML, mime_dir / "packages" / MIME_XML.name)
    result = run(["update-mime-database", str(mime_dir)], env)
    assert result.returncode == 0, result.stderr


def filetype(path: Path, env: dict[str, str]) -> str:
    result = run(["xdg-mime", "query", "filetype", str(path)], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def sample_files(folder: Path) -> dict[str, Path]:
    files = {
        "map": folder / "workshop.vsm.json",
        "json": folder / "settings.json",
        "unnamed": folder / "map-without-suffix",
    }
    files["map"].write_bytes(TEMPLATE.read_bytes())
    files["json"].write_text('{"zoom": 1.5}\n', "utf-8")
    files["unnamed"].write_bytes(TEMPLATE.read_bytes())
    return files


def test_without_our_type_a_map_is_plain_json(xdg: dict[str, str], tmp_path: Path) -> None:
    """The control: the isolated environment does not know the type until it is installed."""
    require("xdg-mime", "mimetype")
    files = sample_files(tmp_path)
    assert filetype(files["map"], xdg) == "application/json"


def test_installed_type_is_recognised_by_name_and_content(
    xdg: dict[str, str], tmp_path: Path
) -> None:
    require("update-mime-database", "xdg-mime", "mimetype")
    install_mime_type(xdg)
    files = sample_files(tmp_path)
    assert filetype(files["map"], xdg) == MIME_TYPE
    assert filetype(files["unnamed"], xdg) == MIME_TYPE
    assert filetype(files["json"], xdg) == "application/json"


def install_desktop_files(env: dict[str, str]) -> Path:
    applications = Path(env["XDG_DATA_HOME"]) / "applications"
    shutil.copy(DESKTOP, applications / DESKTOP.name)
    rival = applications / "some-other-json-tool.desktop"
    rival.write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=true %F\n"
        f"MimeType={MIME_TYPE};application/json;\n",
        "utf-8",
    )
    return applications


def test_desktop_database_offers_the_editor_for_maps(xdg: dict[str, str]) -> None:
    require("update-desktop-database")
    applications = install_desktop_files(xdg)
    result = run(["update-desktop-database", str(applications)], xdg)
    assert result.returncode == 0, result.stderr
    cache = configparser.ConfigParser(interpolation=None)
    cache.optionxform = str
    cache.read(applications / "mimeinfo.cache", encoding="utf-8")
    handlers = cache["MIME Cache"][MIME_TYPE].rstrip(";").split(";")
    assert DESKTOP.name in handlers


@pytest.mark.parametrize("default", [DESKTOP.name, "some-other-json-tool.desktop"])
def test_mimeapps_list_default_is_what_xdg_mime_reports(xdg: dict[str, str], default: str) -> None:
    require("update-mime-database", "xdg-mime", "mimetype")
    install_mime_type(xdg)
    install_desktop_files(xdg)
    mimeapps = Path(xdg["XDG_CONFIG_HOME"]) / "mimeapps.list"
    mimeapps.write_text(f"[Default Applications]\n{MIME_TYPE}={default}\n", "utf-8")
    result = run(["xdg-mime", "query", "default", MIME_TYPE], xdg)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == default


def test_install_script_makes_maps_open_in_the_editor(xdg: dict[str, str], tmp_path: Path) -> None:
    """packaging/linux/install-desktop-integration.sh into a data folder: the type is known,
    the editor is its default application and the icon theme has every size."""
    require("update-mime-database", "update-desktop-database", "xdg-mime", "mimetype")
    data = Path(xdg["XDG_DATA_HOME"])
    script = LINUX / "install-desktop-integration.sh"
    result = run(["bash", str(script), str(data)], xdg)
    assert result.returncode == 0, result.stderr
    files = sample_files(tmp_path)
    assert filetype(files["map"], xdg) == MIME_TYPE
    default = run(["xdg-mime", "query", "default", MIME_TYPE], xdg)
    assert default.stdout.strip() == DESKTOP.name
    icon = desktop_entry()["Icon"]
    sizes = {p.parent.parent.name for p in (data / "icons" / "hicolor").glob(f"*/apps/{icon}.*")}
    assert sizes == {f"{s}x{s}" for s in (16, 32, 48, 64, 128, 256, 512)} | {"scalable"}
    assert (data / "metainfo" / METAINFO.name).is_file()
