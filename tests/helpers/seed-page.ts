/** The titles of the seven articles of the seed newspaper page (corpus/laodong-wubao-page.txt), in page order. */
export const SEED_PAGE_TITLES = [
  '北京市总工会机关系统青年干部座谈会召开',
  '“时传祥环卫工人专项温暖基金”累计帮扶千余名环卫职工',
  '朝外街道总工会将为职工送去万份“温暖礼盒”',
  '首开天岳恒公司工会举办工会干部培训班',
  '房山区窦店镇总工会关爱职工从“心”开始',
  '怀柔安佳医院工会组织康复期患者开展棋牌比赛',
  '和平街街道新就业形态劳动者吃上冬至饺子',
] as const
