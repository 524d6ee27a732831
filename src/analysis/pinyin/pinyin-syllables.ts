/**
 * The syllables of Mandarin pinyin without tones, ü written v (lv, nve), as the pinyin of
 * index words is written (see word-pinyin.ts): the 415 that pinyin-pro gives for the
 * characters of CJK Unified Ideographs and Extensions A-B, less the interjections m, n,
 * ng and hng (呣 嗯 哼), so 411. Those four are left out on purpose: with them, consonant
 * strings such as `ng` or `mn`, which readers type as the initials of 南国 or 美女, would
 * read as the full pinyin of an interjection.
 */
const SYLLABLES = `
a ai an ang ao
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo
da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo
e ei en eng er
fa fan fang fei fen feng fo fou fu
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve
o ou
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo
ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
wa wai wan wang wei wen weng wo wu
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun
za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
`

/** Every toneless pinyin syllable (see SYLLABLES). */
export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set(SYLLABLES.split(/\s+/).filter(syllable => syllable !== ''))

/** The longest syllable (zhuang, chuang, shuang): how far a split looks ahead. */
const LONGEST_SYLLABLE = 6

/**
 * Whether `letters` is a sequence of pinyin syllables, by any split: `xian` is one
 * syllable (先) or two (西安), and a greedy split that takes the longest syllable first
 * would wrongly refuse `xiangu` (xiang·u fails where xian·gu, 先古, holds). Dynamic
 * programming over the positions: at most six lookups a letter.
 */
export function splitsIntoSyllables (letters: string): boolean {
  if (letters === '') return false
  const reachable = new Uint8Array(letters.length + 1)
  reachable[0] = 1
  for (let start = 0; start < letters.length; start++) {
    if (reachable[start] === 0) continue
    const last = Math.min(letters.length, start + LONGEST_SYLLABLE)
    for (let end = start + 1; end <= last; end++) {
      if (PINYIN_SYLLABLES.has(letters.slice(start, end))) reachable[end] = 1
    }
  }
  return reachable[letters.length] === 1
}
