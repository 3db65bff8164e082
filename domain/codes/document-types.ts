/**
 * 身份证件类型。
 *
 * 标准：无可直接引用的国家标准。采用社保/医保业务系统通用的“证件类型”两位代码
 * （社保指标 AAC058；国家医保信息平台 psn_cert_type 沿用同一套并增补 16、17）。
 * 来源：多个社保、医保经办系统公开代码中一致的代码表（01–15、90、99 各处一致；16 中国护照、
 * 17 港澳台居民居住证见于医保平台代码）；未取得人社部/国家医保局正式文本核对。
 * 公安行业的证件代码另成一套（未核对），本表不采用。
 *
 * 注意：
 * - 代码集把“港澳居民来往内地通行证”按香港、澳门分成 04 与 05。`hm_travel_permit` 标在 04
 *   （香港，证号以 H 开头）；澳门居民（证号以 M 开头）应取 05（`mo_travel_permit`）。
 *   可用 `hmTravelPermitCodeFor(证号)` 按首字母取 04/05。
 * - 07 在代码集中名为“外国人永久居留证”，即现行的“外国人永久居留身份证”（2017 年起换发）。
 * - 11 外国人就业证、12 外国专家证自 2017 年起已统一为“外国人工作许可证”，保留仅为对接旧数据。
 * `alias` 是稳定的英文键，其他模块按 alias 查找。
 */
import { defineCodeTable } from './code-table';

export const IDENTITY_DOCUMENT_TYPES = defineCodeTable({
  id: 'identity-document-types',
  title: '证件类型',
  standard: '社保/医保业务代码（证件类型 AAC058 / psn_cert_type），非国家标准',
  source:
    '社保、医保经办系统通用的两位证件类型代码（01–17、90、99）；16、17 取自医保平台代码；未取得主管部门正式文本核对',
  entries: [
    { code: '01', name: '居民身份证（户口簿）', alias: 'citizen_id' },
    { code: '02', name: '中国人民解放军军官证' },
    { code: '03', name: '中国人民武装警察警官证' },
    { code: '04', name: '香港特区护照/港澳居民来往内地通行证', alias: 'hm_travel_permit' },
    { code: '05', name: '澳门特区护照/港澳居民来往内地通行证', alias: 'mo_travel_permit' },
    { code: '06', name: '台湾居民来往大陆通行证', alias: 'tw_travel_permit' },
    { code: '07', name: '外国人永久居留证', alias: 'foreign_permanent_residence' },
    { code: '08', name: '外国人护照', alias: 'passport' },
    { code: '09', name: '残疾人证' },
    { code: '10', name: '军烈属证明' },
    { code: '11', name: '外国人就业证' },
    { code: '12', name: '外国专家证' },
    { code: '13', name: '外国人常驻记者证' },
    { code: '14', name: '台港澳人员就业证' },
    { code: '15', name: '回国（来华）定居专家证' },
    { code: '16', name: '中国护照', alias: 'cn_passport' },
    { code: '17', name: '港澳台居民居住证', alias: 'hmt_residence_permit' },
    { code: '90', name: '社会保障卡' },
    { code: '99', name: '其他身份证件' },
  ],
});

/** 港澳居民来往内地通行证的证件类型代码：证号以 M 开头（澳门）为 '05'，否则（香港，H 开头）为 '04'。 */
export function hmTravelPermitCodeFor(permitNo: string): '04' | '05' {
  return permitNo.trim().toUpperCase().startsWith('M') ? '05' : '04';
}
