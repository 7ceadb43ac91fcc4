"""Bylines (署名), datelines (电头), photo credits and captions.

>>> parse_dateline("本报讯 (记者 丁亚琴 通讯员 王 五) 今年以来……").credits
[Credit(name='丁亚琴', role='writer'), Credit(name='王五', role='correspondent')]
"""

import re
from dataclasses import dataclass, field

from .model import Caption, Credit
from .text import is_cjk, norm

ROLE_WORDS = {
    "本报记者": "writer",
    "特约记者": "writer",
    "记者": "writer",
    "本报通讯员": "correspondent",
    "通讯员": "correspondent",
    "本报实习生": "intern",
    "实习生": "intern",
    "见习记者": "intern",
}
STAFF_COMMENTARY = ("本报评论员", "评论员")
PHOTO_AND_TEXT = ("文/图", "文／图", "图/文", "图／文", "文图")
_ROLE_RE = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
BYLINE_RE = re.compile(rf"^(?:{_ROLE_RE}|本报评论员|评论员|文[/／]图|图[/／]文)")
DATELINE_RE = re.compile(
    r"^(?P<lead>本报讯|本报[^\s（(]{1,8}讯|[^\s（(，。]{1,12}?电)\s*"
    r"(?:[（(](?P<inner>[^（）()]{1,60})[）)])?\s*(?P<rest>.*)$"
)
CREDIT_ONLY_RES = (
    re.compile(r"^(?:本报)?(?:记者)?\s*(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff ·]{0,10}?)\s*摄$"),
    re.compile(r"^(?P<org>资料图片)$"),
    re.compile(r"^图片由(?P<org>.{1,30})提供$"),
    re.compile(r"^(?P<org>.{1,20})供图$"),
    re.compile(r"^(?:文[/／]图|图[/／]文)\s*(?:本报)?(?:记者)?\s*(?P<name>.+)$"),
)
CAPTION_START = re.compile(r"^(图为|图：|图:|上图|下图|左图|右图|题图|组图)")
TRAILING_CREDIT = re.compile(
    r"^(?P<text>.*?)(?:(?<=[。！？!?.；;）)”])\s*|\s+)"
    r"(?:(?:本报)?(?:记者)?\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff] [\u4e00-\u9fff]{1,2})\s?摄"
    r"|(?P<org>资料图片)|图片由(?P<org2>.{1,30})提供)$"
)


# Common family names, to tell a signature line (`孙 权`) from a four-character phrase.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼满闻位厉伊仝郜阚权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄平计索宣晋相"
    "初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇"
    "公哈湛宾戎勾茅利於呼居揭干尉冶斯元束檀衣信展阴昝智幸奉植衡富尧"
)


def looks_like_signature(text: str) -> bool:
    """A line that is only a person's name, as under a commentary: `孙 权`, `孙权`."""
    n = norm(text)
    return looks_like_name(n) and n[0] in SURNAMES


@dataclass
class Byline:
    credits: list[Credit] = field(default_factory=list)
    staff_commentary: bool = False
    unknown: bool = False  # a byline line whose form was not understood


def split_names(text: str) -> list[str]:
    """`邱东芳 李四`, `邱东芳、李四` → two names; `孙 权` (a spaced two-character name) → `孙权`."""
    parts = [p for p in re.split(r"[\s、，,；;]+", text.strip()) if p]
    names: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        # a lone character belongs with the next one: `孙 权`, `王 小 明`
        while len(part) == 1 and i + 1 < len(parts) and len(parts[i + 1]) == 1:
            part += parts[i + 1]
            i += 1
        names.append(norm(part))
        i += 1
    return names


def looks_like_name(text: str) -> bool:
    """Two to four Chinese characters (spaces allowed: `孙 权`)."""
    n = norm(text)
    return 2 <= len(n) <= 4 and all(is_cjk(ch) for ch in n)


def parse_credits(text: str, default_role: str = "writer") -> Byline:
    """`记者 A 通讯员 B C 实习生 D` → credits with roles, in order."""
    byline = Byline()
    tokens = re.split(rf"({_ROLE_RE}|本报评论员|评论员)", text)
    role = default_role
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if token in ROLE_WORDS:
            role = ROLE_WORDS[token]
        elif token in STAFF_COMMENTARY:
            byline.staff_commentary = True
        else:
            for name in split_names(token):
                if looks_like_name(name):
                    byline.credits.append(Credit(name, role))
                else:
                    byline.unknown = True
    return byline


def parse_byline(line: str) -> Byline | None:
    """A byline line: `本报记者 邱东芳`, `文/图 孙露`, `本报评论员`; None when it is not one."""
    text = line.strip()
    if not BYLINE_RE.match(norm(text)) or len(norm(text)) > 30:
        return None
    for prefix in PHOTO_AND_TEXT:
        if norm(text).startswith(norm(prefix)):
            after = text.replace("／", "/").split("/", 1)[1][1:]
            names = split_names(re.sub(rf"^\s*(?:{_ROLE_RE})", "", after))
            good = [n for n in names if looks_like_name(n)]
            credits = [Credit(n, r) for n in good for r in ("writer", "photographer")]
            return Byline(credits=credits, unknown=len(good) != len(names) or not names)
    if any(ch in text for ch in "。！？，；"):
        return None
    return parse_credits(text)


@dataclass
class Dateline:
    text: str  # `本报讯（记者 臧力卿）`
    byline: Byline
    rest: str  # the paragraph's text after the dateline


def parse_dateline(line: str) -> Dateline | None:
    """`本报讯（记者 臧力卿）为深化……` → the dateline, its credits and the text after it."""
    match = DATELINE_RE.match(line.strip())
    if not match:
        return None
    lead, inner, rest = match["lead"], match["inner"], match["rest"]
    if inner is None and not lead.startswith("本报"):
        return None
    if inner is not None and not re.search(rf"{_ROLE_RE}|评论员", inner):
        # `新华社北京1月5日电（吴 某）`: a bracket of plain names
        if not all(looks_like_name(n) for n in split_names(inner)):
            return None
    byline = parse_credits(inner or "")
    text = f"{lead}（{inner.strip()}）" if inner is not None else lead
    return Dateline(text=text, byline=byline, rest=rest.strip())


def parse_credit_line(line: str) -> tuple[str, str | None] | None:
    """A credit on its own line: `孙露摄` → ("孙露", photographer name "孙露"),
    `资料图片` → ("资料图片", None), `图片由平城区文旅局提供` → ("平城区文旅局", None)."""
    text = line.strip()
    for pattern in CREDIT_ONLY_RES:
        match = pattern.match(text)
        if not match:
            continue
        name = match.groupdict().get("name")
        if name:
            names = split_names(name)
            if not names or not all(looks_like_name(n) for n in names):
                return None  # more than names follows: not a credit line
            return "、".join(names), names[0]
        return match["org"], None
    return None


def parse_caption(line: str) -> tuple[Caption, str | None] | None:
    """`图为……。孙露 摄` → (Caption("图为……。", "孙露"), photographer "孙露"); a line that
    starts `图为` without a credit is a caption too. None when the line is not a caption."""
    text = line.strip()
    match = TRAILING_CREDIT.match(text)
    if match and match["text"].strip():
        if match["name"]:
            name = norm(match["name"])
            return Caption(text=match["text"].strip(), credit=name), name
        return Caption(text=match["text"].strip(), credit=match["org"] or match["org2"]), None
    if CAPTION_START.match(text):
        return Caption(text=text, credit=None), None
    return None
