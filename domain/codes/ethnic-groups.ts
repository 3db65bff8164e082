/**
 * 民族代码。
 *
 * 标准：GB/T 3304-1991《中国各民族名称的罗马字母拼写法和代码》。
 * - 代码 01–56：标准表中的数字代码，按标准顺序（01 汉族 … 56 基诺族）；
 *   `alias` 为标准中的两字母代码（HA、MG、HU …）。
 * - 代码 97 其他、98 外国血统中国籍人士：不属于 GB/T 3304-1991 本身，是公安户籍
 *   管理及居民身份证（芯片中的民族代码）沿用的扩展码，因而没有字母代码。
 *
 * 来源：按标准文本整理；两字母代码与多个公开代码库中的 GB/T 3304 转录逐一核对一致，
 * 97/98 的含义与多个读取居民身份证的公开程序一致。
 */
import { defineCodeTable } from './code-table';

export const ETHNIC_GROUPS = defineCodeTable({
  id: 'ethnic-groups',
  title: '民族',
  standard: 'GB/T 3304-1991',
  source:
    'GB/T 3304-1991 表中全部 56 个民族（数字代码 + 两字母代码）；另加公安户籍/居民身份证使用的 97 其他、98 外国血统中国籍人士（非本标准内容）',
  entries: [
    { code: '01', name: '汉族', alias: 'HA' },
    { code: '02', name: '蒙古族', alias: 'MG' },
    { code: '03', name: '回族', alias: 'HU' },
    { code: '04', name: '藏族', alias: 'ZA' },
    { code: '05', name: '维吾尔族', alias: 'UG' },
    { code: '06', name: '苗族', alias: 'MH' },
    { code: '07', name: '彝族', alias: 'YI' },
    { code: '08', name: '壮族', alias: 'ZH' },
    { code: '09', name: '布依族', alias: 'BY' },
    { code: '10', name: '朝鲜族', alias: 'CS' },
    { code: '11', name: '满族', alias: 'MA' },
    { code: '12', name: '侗族', alias: 'DO' },
    { code: '13', name: '瑶族', alias: 'YA' },
    { code: '14', name: '白族', alias: 'BA' },
    { code: '15', name: '土家族', alias: 'TJ' },
    { code: '16', name: '哈尼族', alias: 'HN' },
    { code: '17', name: '哈萨克族', alias: 'KZ' },
    { code: '18', name: '傣族', alias: 'DA' },
    { code: '19', name: '黎族', alias: 'LI' },
    { code: '20', name: '傈僳族', alias: 'LS' },
    { code: '21', name: '佤族', alias: 'VA' },
    { code: '22', name: '畲族', alias: 'SH' },
    { code: '23', name: '高山族', alias: 'GS' },
    { code: '24', name: '拉祜族', alias: 'LH' },
    { code: '25', name: '水族', alias: 'SU' },
    { code: '26', name: '东乡族', alias: 'DX' },
    { code: '27', name: '纳西族', alias: 'NX' },
    { code: '28', name: '景颇族', alias: 'JP' },
    { code: '29', name: '柯尔克孜族', alias: 'KG' },
    { code: '30', name: '土族', alias: 'TU' },
    { code: '31', name: '达斡尔族', alias: 'DU' },
    { code: '32', name: '仫佬族', alias: 'ML' },
    { code: '33', name: '羌族', alias: 'QI' },
    { code: '34', name: '布朗族', alias: 'BL' },
    { code: '35', name: '撒拉族', alias: 'SL' },
    { code: '36', name: '毛南族', alias: 'MN' },
    { code: '37', name: '仡佬族', alias: 'GL' },
    { code: '38', name: '锡伯族', alias: 'XB' },
    { code: '39', name: '阿昌族', alias: 'AC' },
    { code: '40', name: '普米族', alias: 'PM' },
    { code: '41', name: '塔吉克族', alias: 'TA' },
    { code: '42', name: '怒族', alias: 'NU' },
    { code: '43', name: '乌孜别克族', alias: 'UZ' },
    { code: '44', name: '俄罗斯族', alias: 'RS' },
    { code: '45', name: '鄂温克族', alias: 'EW' },
    { code: '46', name: '德昂族', alias: 'DE' },
    { code: '47', name: '保安族', alias: 'BN' },
    { code: '48', name: '裕固族', alias: 'YG' },
    { code: '49', name: '京族', alias: 'GI' },
    { code: '50', name: '塔塔尔族', alias: 'TT' },
    { code: '51', name: '独龙族', alias: 'DR' },
    { code: '52', name: '鄂伦春族', alias: 'OR' },
    { code: '53', name: '赫哲族', alias: 'HZ' },
    { code: '54', name: '门巴族', alias: 'MB' },
    { code: '55', name: '珞巴族', alias: 'LB' },
    { code: '56', name: '基诺族', alias: 'JN' },
    { code: '97', name: '其他' },
    { code: '98', name: '外国血统中国籍人士' },
  ],
});
