"""Metrics of counts and amounts in the styles of the ``dev4``/``dev5`` articles' statistics.

Each class below made a figure's metric miss what it measures (scored as a miss and a spurious
figure at once) or made a number that names a class a figure; texts written for this file:

- ``从A增至B``: the second amount's metric is the noun before 从 (增至, 升至, 降至 like 增长至);
- a count whose clause ends in what happened to the counted things (33个项目已竣工或部分竣工);
- a count opened by a threshold (94个5000万元以上项目): the threshold is part of the noun, not a figure;
- a size class (1000兆瓦级机组, 10万吨级码头) is part of the noun, not a figure;
- ``X项目有7项``: the metric of a bare 有 is the counted subject;
- a bare amount in 亿 before a bracket or a space (总投资超1159亿( 三 ));
- an amount that names a class counted after it (超4000亿元产业集群1个) is no figure of its own;
- kinds are counted (4000种零部件产品);
- a growth rate whose clause names no noun takes the subject of the clause before (投资快速增长,同比增长N%);
- a share written 占X(amount)的N% is the share of X;
- the state of counted things before their noun (27个已认定的市级产业主题园区) stays in it;
- 六大主要任务 is a count (主要, 重大, 核心, 关键 before the counted noun, like 重点);
- parallel counts keep their own verbs (开工3个重点项目、签约5个项目); 新的 and 意向 stay in a counted noun.
"""

from __future__ import annotations

from typing import Any

from textkit import extract_at


def stats(text: str) -> list[tuple[str, float, str]]:
    d: dict[str, Any] = extract_at(text, "2024-06-30")
    return [(s["metric"], float(s["value"]), s["unit"]) for s in d["statistics"]]


def test_from_to_with_a_one_character_verb_keeps_the_noun_before_from() -> None:
    got = stats("全区储能电池产业规上工业总产值从2021年的32.5亿元增至2023年的61.2亿元,增长近九成。")
    amounts = [(m, v) for m, v, u in got if u == "亿元"]
    assert len(amounts) == 2
    assert all("产值" in m for m, _v in amounts), got


def test_a_count_of_finished_projects_says_so() -> None:
    got = stats("全年重点项目完成投资388亿元,恒远物流园、市中心医院新院区等27个项目已竣工或部分竣工。")
    counts = [m for m, v, u in got if v == 27 and u == "个"]
    assert counts and "竣工" in counts[0], got
    got = stats("全区48项重点工业项目中31个项目已开(复)工,开(复)工率65%。")
    assert any(v == 31 and "开(复)工" in m for m, v, _u in got), got


def test_a_threshold_before_the_counted_noun_is_part_of_it() -> None:
    got = stats("2023年,该区实施86个3000万元以上项目,其中15个亿元以上项目已投产。")
    assert any(v == 86 and "项目" in m for m, v, _u in got), got
    assert any(v == 15 and "投产" in m for m, v, _u in got), got
    assert not any(u == "万元" and v == 3000 for _m, v, u in got), got  # the threshold is no figure


def test_a_size_class_is_no_figure() -> None:
    got = stats("东方重机连续签订2台600兆瓦级超临界汽轮机组转子合同,并建成5万吨级泊位3个。")
    assert not any(u == "兆瓦" for _m, _v, u in got), got
    assert any(v == 2 and u == "台" and "转子" in m for m, v, u in got), got


def test_a_bare_you_takes_the_counted_subject() -> None:
    got = stats("其中,涉锂新能源项目有6项,包括某某能源投资10亿元建设光伏组件生产线。")
    assert any(v == 6 and u == "项" and "项目" in m for m, v, u in got), got


def test_a_bare_yi_before_a_bracket_is_an_amount() -> None:
    got = stats("江海区上半年签约86个重大产业项目 总投资超620亿( 二 )")
    assert any(v == 620 and u.startswith("亿") for _m, v, u in got), got


def test_an_amount_that_names_a_counted_class_is_no_figure() -> None:
    got = stats("到2025年,力争实现工业总产值超3000亿元产业集群1个,超500亿元产业集群4个,年营收超百亿元企业9家。")
    assert not any(u == "亿元" for _m, _v, u in got), got
    assert any(v == 4 and "500亿元产业集群" in m for m, v, _u in got), got
    assert any(v == 9 and "企业" in m for m, v, _u in got), got


def test_kinds_are_counted() -> None:
    got = stats("园区企业可生产3500种汽车零部件产品,200多种产品填补国内空白,形成一种新模式。")
    assert any(v == 3500 and u == "种" for _m, v, u in got), got
    assert not any(v == 1 and u == "种" for _m, v, u in got), got


def test_a_growth_rate_takes_what_grows_from_the_clause_before() -> None:
    got = stats("一季度,全区制造业投资快速增长,同比增长18.6%,成为拉动投资增长的主要力量。")
    assert any(v == 18.6 and u == "%" and "制造业投资" in m for m, v, u in got), got


def test_a_share_written_as_zhan_x_de_n_percent() -> None:
    got = stats("园区规上新材料企业实现工业产值96.5亿元,占该区规上工业总产值140.2亿元的68.83%。")
    assert any(v == 68.83 and "占" in m and "比重" in m for m, v, _u in got), got


def test_the_state_of_counted_things_stays_in_their_noun() -> None:
    got = stats("推动滨海智造、临港新材料等27个已认定的市级产业主题园区提质升级。")
    assert any(v == 27 and "园区" in m for m, v, _u in got), got


def test_a_count_of_main_tasks_in_da_form() -> None:
    got = stats("2025年,某市将围绕六大主要任务发力:培育经营主体、聚力重大项目、打造终端产品。")
    assert any(v == 6 and "任务" in m for m, v, _u in got), got


def test_parallel_counts_keep_their_own_verbs() -> None:
    got = stats("某某经济开发区开工3个重点项目、签约5个项目,总投资42亿元。")
    assert any(v == 5 and "签约" in m for m, v, _u in got), got
    assert any(v == 3 and "开工" in m for m, v, _u in got), got


def test_new_ones_and_an_intention_stay_in_the_noun() -> None:
    got = stats("遴选确定了12户新的“链主”企业;有6家企业签订招商引资意向协议。")
    assert any(v == 12 and "链主" in m for m, v, _u in got), got
    assert any(v == 6 and "意向协议" in m for m, v, _u in got), got
