"""The words of the workflow's refusals and notices, in English and Chinese.

Services raise errors with `say(key, **values)`; the API answers in English (or Chinese when
the request asks for it) and the pages in the page's language. A key names the situation, the
placeholders the values the user needs to act: the field, the value, the rule, the date.
"""

from __future__ import annotations

from typing import Any

from settle.i18n import Text
from settle.language.facts.words import FACT_WORDS

MESSAGES: dict[str, tuple[str, str]] = {
    # application states and actions
    "illegal_transition": ("cannot {action} an application that is {state}",
                           "申请处于“{state}”状态，不能执行“{action}”"),
    "duplicate_application": (
        "person {person} already has application #{existing} in round {round}; amend that one",
        "此人在{round}轮次已有申请 #{existing}，请对该申请办理变更"),
    "window_closed": ("the application window of round {round} runs from {opens} to {closes}; "
                      "today is {today}",
                      "{round}轮次的申请受理期为{opens}至{closes}；今天是{today}"),
    "needs_reason": ("{what}: a written reason is needed", "{what}：须填写理由"),
    "not_under_verification": ("application {id} is {state}, not under verification",
                               "申请 #{id} {state}，不在核查阶段"),
    "document_expired": ("the document for {fact} expired on {until}, before the application "
                         "deadline {deadline}: reject it",
                         "{fact}的证明材料已于{until}失效，早于申请截止日{deadline}，应不予认定"),
    "correction_needs_value": ("{fact}: enter the corrected value", "{fact}：请填写更正后的值"),
    "bad_value": ("{fact} = {value}: {problem}", "{fact} = {value}：{problem}"),
    "no_round_open": ("no round is open for applications", "目前没有开放受理的轮次"),
    # rounds: state and time
    "round_action_state": ("round {round} is {state}; {action} needs it to be {needed}",
                           "{round}轮次处于“{state}”状态；“{action}”需在“{needed}”状态下进行"),
    "rank_before_window_closes": (
        "the application window of round {round} closes on {closes}: rank from {first}",
        "{round}轮次申请截止日为{closes}，{first}起方可排名"),
    "notice_before_disclosure_ends": (
        "results are disclosed to applicants until {closes}: open the public notice from {first}",
        "审核情况向申请人公开至{closes}，{first}起方可公示"),
    "finalize_before_notice_ends": ("the public notice runs until {closes}: publish the list from {first}",
                                    "公示期至{closes}，{first}起方可公布入户名单"),
    "objections_pending": ("objections still to decide: {ids}", "尚有异议未处理：{ids}"),
    "reverification_pending": ("departments still re-verify facts under upheld objections: {items}",
                               "异议成立后尚待部门复核的事项：{items}"),
    "round_blocked": ("{count} application(s) of round {round} cannot be scored yet: exclude them "
                      "with a reason, or finish their verification",
                      "{round}轮次有{count}件申请尚不能计分：请说明理由予以排除，或先完成核查"),
    "blocked_pending": ("evidence still to verify: {facts}", "尚待核查：{facts}"),
    "blocked_not_accepted": ("the window has not accepted the file yet (state {state})",
                             "窗口尚未受理（状态：{state}）"),
    "blocked_unscorable": ("cannot be scored: {problem}", "无法计分：{problem}"),
    # objections
    "objection_closed": ("objections are taken only while results are disclosed or publicly "
                         "noticed in round {round}",
                         "仅在{round}轮次公开或公示期间受理异议"),
    "objection_not_entitled": (
        "only the applicant, or the window or bureau recording a written objection, may object",
        "只有申请人本人，或受理书面异议的窗口、来穗部门工作人员可以提出异议"),
    "objection_unknown_fact": ("{fact}: not a fact of pack {pack}", "{fact}：不是积分办法{pack}的事项"),
    "objection_bad_value": ("correction {fact} = {value}: {problem}", "更正 {fact} = {value}：{problem}"),
    "objection_no_department": ("pack {pack} names no department that holds {fact}",
                                "积分办法{pack}未指明负责{fact}的部门"),
    "objection_decided": ("objection {id} is already {state}", "异议 {id} 已{state}"),
    "objection_written": ("an objection must be written", "异议须以书面形式提出"),
    "registry_not_writable": (
        "{fact} is derived from the registry's {source} records; correct those records at {department}",
        "{fact}由登记库的{source}记录推算，请由{department}更正相关记录"),
    # pages
    "page_needs_role": ("this page needs one of these roles: {roles}; sign in with such an account",
                        "此页面需以下角色之一：{roles}；请用相应账号登录"),
    # the demo clock
    "clock_backwards": ("the demo clock runs forward only: it is {today}, not after {asked}",
                        "演示时钟只能向前：当前为{today}，{asked}不在其后"),
    "clock_not_demo": ("only a demo database has a clock to set", "只有演示数据库可以设置时钟"),
}
# the words of fact problems live beside the checks that use them, in the rule language
MESSAGES.update(FACT_WORDS)


STATES: dict[str, tuple[str, str]] = {
    # applications
    "draft": ("draft", "草稿"), "submitted": ("submitted", "已提交"),
    "verification": ("under verification", "核查中"), "scored": ("scored", "已计分"),
    "ranked": ("ranked", "已排名"), "disclosed": ("disclosed to the applicant", "向本人公开中"),
    "public_notice": ("in public notice", "公示中"), "final": ("on the final list", "已公布"),
    "card_issued": ("settlement card issued", "已签发入户卡"), "settled": ("settled", "已入户"),
    "withdrawn": ("withdrawn", "已撤回"), "excluded": ("excluded", "已排除"),
    # rounds
    "open": ("open", "受理中"),
    # evidence
    "pending": ("to verify", "待核查"), "confirmed": ("confirmed", "已确认"),
    "corrected": ("corrected", "已更正"), "rejected": ("rejected", "不予认定"),
    # objections
    "filed": ("filed", "待处理"), "upheld": ("upheld", "异议成立"),
}

ACTIONS: dict[str, tuple[str, str]] = {
    "submit": ("submit", "提交"), "accept": ("accept", "受理"), "score": ("score", "计分"),
    "rank": ("rank", "排名"), "rerank": ("rank again", "重新排名"), "disclose": ("disclose", "公开"),
    "open_notice": ("open the public notice", "公示"), "finalize": ("publish the final list", "公布名单"),
    "issue_card": ("issue the settlement card", "签发入户卡"), "settle": ("settle", "办理入户"),
    "withdraw": ("withdraw", "撤回"), "exclude": ("exclude", "排除"), "reject": ("reject", "不予认定"),
    "decide_objection": ("decision on the objection", "异议处理决定"),
}


def state_word(state: str) -> Text:
    en, zh = STATES.get(state, (state, state))
    return Text(en=en, zh=zh)


def action_word(action: str) -> Text:
    en, zh = ACTIONS.get(action, (action, action))
    return Text(en=en, zh=zh)


def say(key: str, **values: Any) -> Text:
    """The message `key` with its values filled in, in both languages (a `Text` value is put
    in each language; anything else as written)."""
    en, zh = MESSAGES[key]
    as_en = {k: v.en if isinstance(v, Text) else str(v) for k, v in values.items()}
    as_zh = {k: v.zh if isinstance(v, Text) else str(v) for k, v in values.items()}
    return Text(en=en.format(**as_en), zh=zh.format(**as_zh))
