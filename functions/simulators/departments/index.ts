export * from './common';
export { createHrssSimulator, CARD_STAGES, WUHAI_BRANCHES, type THrssSimulator, type THrssSimulatorOptions, type TCardStage, type TCardVariant, type TCertificateVariant, type TCardStatus, CARD_STATUS_TEXT } from './hrss';
export { createMedicalInsuranceSimulator, type TMedicalSimulator, type TMedicalSimulatorOptions } from './medical';
export { createHousingFundSimulator, type THousingFundSimulator, type THousingFundSimulatorOptions } from './housing-fund';
