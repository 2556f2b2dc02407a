"""Every figure of the Word layout, with the reason for it (GB/T 9704-2012 《党政机关公文格式》).

Units: Word stores lengths in twips (1/20 pt, 1440 per inch, 1440/25.4 ≈ 56.69 per mm),
font sizes in half-points, and the grid's character spacing in 1/4096 pt.
"""

from __future__ import annotations

import math
import unicodedata

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


# --- Page (GB/T 9704 5.2.1, 5.2.2) --------------------------------------------------
# A4 per GB/T 148: 210 × 297 mm. Word's own A4 size in twips.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
# 天头 37 mm and 翻口 210 − 28 − 156 = 26 mm are rounded to whole twips; 订口 and 下白边
# are what is left of the page once the 版心 (156 × 225 mm) is placed, so the 版心 itself
# is exact: 订口 1588 (28.01 mm; mm(28) would be 1587 and a 156.02 mm 版心), 下白边 1984.
MARGIN_TOP = mm(37)  # 2098
MARGIN_RIGHT = mm(26)  # 1474
MARGIN_LEFT = PAGE_WIDTH - MARGIN_RIGHT - mm(156)  # 11906 − 1474 − 8844 = 1588
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - mm(225)  # 16838 − 2098 − 12756 = 1984
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8844 twips = 442.2 pt = 156.0 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756 twips = 637.8 pt = 225.0 mm
# No header is used; 15 mm is Word's default for Chinese documents.
HEADER_DISTANCE = mm(15)  # 850

# --- Sizes (GB/T 9704 3.1 uses the 号 scale) ------------------------------------------
SIZE_TITLE_PT = 22  # 2号
SIZE_BODY_PT = 16  # 3号: body and all four heading levels
SIZE_PAGE_NUMBER_PT = 14  # 4号

# --- The 22 × 28 grid (GB/T 9704 5.2.2: 一般每面排22行，每行排28个字，并撑满版心) ----------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Line pitch: the largest whole number of twips of which 22 fit in the 版心 height.
# 12756 / 22 = 579.8, so 579 (28.95 pt; 22 × 579 = 12738 ≤ 12756, while 580 would need
# 12760 and leave 21 lines). This is the figure Word itself writes for "22 行". It is
# both the section's line grid (w:docGrid type="lines", what 页面设置 shows as 22 行) and
# every style's exact line spacing, which all three readers honour the same way.
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE  # 579
LINE_PITCH_PT = LINE_PITCH / 20  # 28.95
# Character pitch. No character grid: Word/WPS and LibreOffice each lay a character
# grid out by their own rules (LibreOffice gives every character wider than a grid
# cell two cells, i.e. 14 characters a line), while character spacing (w:spacing,
# 字符间距“紧缩”) is one number added to each character's advance in all three. A CJK
# character is one em wide in every CJK font (仿宋, FangSong, Noto Serif CJK), so a
# line is 28 × (16 pt + spacing) whatever the reader. 442.2 / 28 = 15.793 pt per
# character, so the spacing must be at most −0.207 pt; in whole twips −5 (−0.25 pt):
# 28 × 15.75 = 441 pt fits, 29 × 15.75 = 456.75 pt does not (−4 twips would give
# 28 × 15.8 = 442.4 pt > 442.2 and 27 a line).
CHAR_SPACING_TWIPS = math.floor((TEXT_WIDTH / CHARS_PER_LINE) - SIZE_BODY_PT * 20)  # −5
CHAR_PITCH_PT = SIZE_BODY_PT + CHAR_SPACING_TWIPS / 20  # 15.75


def chars(n: float) -> int:
    """n body characters in twips (indents are written in twips, which every reader
    takes the same way; Word's w:firstLineChars has no fixed unit without a grid)."""
    return round(n * CHAR_PITCH_PT * 20)


# 首行缩进 2 字 (7.3.3 正文 "每个自然段左空二字"): exactly two condensed characters, so the
# first line's characters stand in the same columns as the lines below.
FIRST_LINE_TWIPS = chars(2)  # 630

# --- Fonts (GB/T 9704 7.2, 7.3) ----------------------------------------------------
# The names Word and WPS on Chinese Windows use. Neither font of the *_GB2312 pair ships
# with Windows 10/11; both Word and WPS then substitute. The fallback is written as the
# font's w:altName in word/fontTable.xml together with charset 86 (GB2312) and the PANOSE
# of the fallback, which is what Word's substitution looks at; WPS maps the *_GB2312
# names to 仿宋/楷体 by itself.
FONT_TITLE = "方正小标宋简体"  # 2号小标宋体 (7.3.2); licensed, not bundled; falls back to 宋体
FONT_BODY = "仿宋_GB2312"  # 3号仿宋体 (5.2.2, 7.3.3); falls back to 仿宋
FONT_LEVEL1 = "黑体"  # 第一层 黑体 (7.3.3)
FONT_LEVEL2 = "楷体_GB2312"  # 第二层 楷体; falls back to 楷体
FONT_LEVEL34 = FONT_BODY  # 第三层、第四层 仿宋
FONT_PAGE_NUMBER = "宋体"  # 页码 4号半角宋体 (7.5)

# name -> (w:altName, PANOSE of the fallback). PANOSE values are those of the Windows
# fonts SimSun, SimHei, FangSong and KaiTi.
FONT_TABLE = {
    FONT_TITLE: ("宋体", "02010600030101010101"),
    FONT_BODY: ("仿宋", "02010609060101010101"),
    FONT_LEVEL2: ("楷体", "02010609060101010101"),
    "仿宋": ("FangSong", "02010609060101010101"),
    "楷体": ("KaiTi", "02010609060101010101"),
    FONT_LEVEL1: ("SimHei", "02010609060101010101"),
    FONT_PAGE_NUMBER: ("SimSun", "02010600030101010101"),
}

# --- Title (7.3.2) -------------------------------------------------------------------
# Centred; one blank line (one grid line) between the title and the text below, written
# as space after the title so the document holds no empty paragraph.
TITLE_SPACE_AFTER = LINE_PITCH

# --- 纪要标志 (10.3) ---------------------------------------------------------------------
# "纪要标志由“XXXXX纪要”组成，居中排布，上边缘至版心上边缘为35mm，推荐使用红色小标宋体字。"
# The 标题 style in red, 35 mm of space above it on the first page.
MINUTES_MARK_SPACE_BEFORE = mm(35)
MINUTES_MARK_COLOR = "FF0000"

# --- 署名、成文日期 (7.3.5.1, a stamped document) ---------------------------------------
# 成文日期右空四字; the 发文机关署名 is centred on the date; one blank line above.
DATE_RIGHT_CHARS = 4
SIGNATURE_SPACE_BEFORE = LINE_PITCH

# --- 纪要 出席/请假/列席 lines (10.3) and the 附件说明 (7.3.4) --------------------------------
# "在正文或附件说明下空一行左空二字编排“出席”二字，后标全角冒号，冒号后用3号仿宋体字标注出席人
# 单位、姓名，回行时与冒号后的首字对齐"; 请假、列席 "依次另起一行". The label is 黑体. The 附件说明
# ("附件：名称", 仿宋) is laid out the same way. Indents in body characters: the first line starts
# 左空二字, wrapped lines after the label and its colon (3 characters for 出席：、附件：).
LABEL_LEFT_CHARS = 2
LABEL_SPACE_BEFORE = LINE_PITCH  # 空一行, above the first of these lines

# --- 附件 (GB/T 9704 8): "附件应当另面编排……“附件”二字及附件顺序号用3号黑体字顶格编排在版心左上角
# 第一行。附件标题居中编排在版心第三行。" The title is the 标题 style with one line above it.
ANNEX_TITLE_SPACE_BEFORE = LINE_PITCH

# --- Tables (the 要点's 任务分工表) ----------------------------------------------------------
# The standard sets no table font; 4号仿宋 cells and a 4号黑体 header row are the usual choice:
# 3号 would leave a 5-column table a few characters per line. Lines of exactly 20 pt (a 14 pt
# character with room between lines), off the 22-line grid: the table stands on its own page(s).
SIZE_TABLE_PT = 14
TABLE_LINE = 400  # twips = 20 pt
TABLE_CELL_MARGIN_X = 108  # twips each side: Word's default cell margin (0.19 cm)
TABLE_CELL_MARGIN_Y = 40  # twips (2 pt) above and below a cell's text
# Column widths in twips, summing to the 版心 width (8844 = 156 mm). A column holds
# (width − 2 × 108 − slack) / 280 whole 4号 characters, so a wrapped cell is not stretched
# out: 工作任务 8, 牵头单位 6 (各社区党组织), 配合单位 5, 完成时限 6; 序号 takes the rest.
# The 20 twips of slack keep a full cell line from wrapping on a reader's rounding.
TABLE_COLUMNS = {"序号": 900, "工作任务": 2476, "牵头单位": 1916, "配合单位": 1636, "完成时限": 1916}
TABLE_WIDE_COLUMN = "工作任务"  # takes the width of a column the table leaves out
TABLE_BORDER = 4  # eighths of a point: a 0.5 pt single line around every cell

# --- Page numbers (7.5) --------------------------------------------------------------
# "一般用4号半角宋体阿拉伯数字，编排在公文版心下边缘之下，数字左右各放一条一字线；一字线上距
# 版心下边缘7 mm。单页码居右空一字，双页码居左空一字。"
# The footer is one line of exact height 14 pt (one 4号 character), so the 一字线, which
# sits at the middle of the character, is 7 pt above the footer's bottom edge. Word's
# footer distance is measured from the page edge to that bottom edge:
#   35 mm (bottom margin) − 7 mm − 7 pt = 1984 − 397 − 140 = 1447 twips (25.5 mm).
PAGE_NUMBER_LINE = SIZE_PAGE_NUMBER_PT * 20  # 280 twips, exact
PAGE_NUMBER_DASH_GAP = mm(7)  # 397
FOOTER_DISTANCE = MARGIN_BOTTOM - PAGE_NUMBER_DASH_GAP - PAGE_NUMBER_LINE // 2  # 1447
# 空一字: one character of the page number's own size (4号 = 14 pt), from the 版心 edge.
PAGE_NUMBER_INDENT = SIZE_PAGE_NUMBER_PT * 20  # 280
PAGE_NUMBER_DASH = "\u2014"  # 一字线 (EM DASH), full width in 宋体


def text_width(text: str) -> float:
    """Width in grid characters: full-width characters 1, half-width ones (digits, Latin) ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "FWA" else 0.5 for c in text)
